import {
  STREAMS,
  buildEvent,
  copyDelivered,
  materialTransferred,
  recordAmended,
  recordDrafted,
  recordEntered,
  streamNameFor,
  subjectFor,
  type EventDefinition,
} from '@jir/contracts';
import type { UserClaims } from '@jir/service-kit';
import {
  ManualClock,
  callJson,
  recordEventFacts,
  startServiceUnderTest,
  uniqueName,
  waitFor,
  testUsers,
} from '@jir/testing';
import { loadConfig } from '../src/config.js';
import { deadlineMigrations } from '../src/db/migrations/index.js';
import { deadlineService } from '../src/service.js';

/** Facts of a record as intake announces them, received on 5 March; tests override what they need. */
export const recordFacts = (o: Partial<Record<string, unknown>> = {}) =>
  recordEventFacts({
    receivedAt: '2026-03-05T10:00:00+08:00',
    communicatedAt: '2026-03-05T09:00:00+08:00',
    revision: 1,
    ...o,
  });

/** The fixture court's trial management, statistician and auditor at once: every reading right. */
export const TM = { sub: 'tm-1', division: 'tm', roles: ['trial-management', 'statistician', 'auditor'] };
/** The reporting hub's trial management: the one that loads the deployment's calendar. */
export const HUB_TM = { ...TM, sub: 'tm-0', court: 'JL-CC' };

/**
 * The deadline monitor with its own database and bus namespace, a manual
 * clock, and the scheduler driven by the test (`tick()`), so no test waits
 * for a real deadline. A second instance on the same database and bus is one
 * `startInstance()` away.
 */
export async function deadlineHarness(opts: { start?: string } = {}) {
  const namespace = uniqueName('dl');
  const { publicKeyPem, token } = testUsers();
  const clock = new ManualClock(opts.start ?? '2026-03-05T02:00:00Z');
  const first = await startServiceUnderTest({
    migrations: deadlineMigrations,
    name: 'deadlines',
    namespace,
    publicKeyPem,
    clock,
    poolSize: 8,
    loadConfig,
    service: (config) => deadlineService(config, { runScheduler: false }),
  });
  const { start: startInstance, owner: database } = first;
  let service = first.service;
  const instances = [service];

  /** Publishes an event as its producer would (msgID = event id). */
  async function publish(
    def: EventDefinition,
    court: string,
    aggregateId: string,
    data: unknown,
    occurredAt?: Date,
  ) {
    const e = buildEvent(def, {
      court,
      aggregateId,
      actor: { sub: 'judge-a', kind: 'user' },
      data: data as never,
      ...(occurredAt ? { occurredAt } : {}),
    });
    await service.ctx.bus.js.publish(subjectFor(def.subject, namespace), JSON.stringify(e), { msgID: e.id });
    return e;
  }

  const intake = {
    drafted: (f: ReturnType<typeof recordFacts>, court = 'JL-CC-NG') =>
      publish(recordDrafted, court, f.recordId, f),
    entered: (f: ReturnType<typeof recordFacts>, enteredAt: string, court = 'JL-CC-NG') =>
      publish(recordEntered, court, f.recordId, { ...f, enteredAt }, new Date(enteredAt)),
    amended: (f: ReturnType<typeof recordFacts>, at: string, changedFields: string[], court = 'JL-CC-NG') =>
      publish(recordAmended, court, f.recordId, { ...f, changedFields }, new Date(at)),
    copyDelivered: (recordId: string, deliveredAt: string, court = 'JL-CC-NG') =>
      publish(copyDelivered, court, recordId, { recordId, deliveredAt }),
    handedToHandler: (materialId: string, to: string, at: string, court = 'JL-CC-NG') =>
      publish(materialTransferred, court, materialId, {
        materialId,
        hop: 'case-handler',
        from: 'head-b',
        to,
        at,
      }),
  };

  /**
   * Calls the service as a user (`as: null`: without a token). `body` is sent as JSON, `raw` as
   * it is (for broken bodies); the answer's media type comes back too.
   */
  const call = (
    method: string,
    path: string,
    o: { as?: Partial<UserClaims> | null; body?: unknown; raw?: string } = {},
  ) =>
    callJson(service.url, token, method, path, {
      ...(o.as !== undefined ? { as: o.as } : {}),
      ...(o.raw !== undefined
        ? { body: o.raw }
        : o.body !== undefined
          ? { body: JSON.stringify(o.body) }
          : {}),
    });

  /** The obligations of a record, read as the database holds them. */
  const obligationsOf = (recordId: string) =>
    database.db
      .selectFrom('obligations')
      .selectAll()
      .where('record_id', '=', recordId)
      .orderBy('kind')
      .execute();

  /** Waits until the record has `n` obligations (the consumer is asynchronous). */
  const awaitObligations = (
    recordId: string,
    n: number,
    pred: (rows: Awaited<ReturnType<typeof obligationsOf>>) => boolean = () => true,
  ) =>
    waitFor(
      async () => {
        const rows = await obligationsOf(recordId);
        return rows.length >= n && pred(rows) ? rows : undefined;
      },
      { timeoutMs: 10_000, what: `${n} obligations of ${recordId}` },
    );

  /** A record drafted as intake announces it, once its duties exist: the first one's id. */
  const newObligation = async () => {
    const f = recordFacts();
    await intake.drafted(f);
    return (await awaitObligations(f.recordId, 2))[0]!.id;
  };

  /** One scheduler pass of every running instance. */
  const tick = async () => {
    let n = 0;
    for (const s of instances) n += await s.parts.scheduler.runOnce();
    return n;
  };

  /** How many messages of a subject are on the deadline stream (counted by the server). */
  async function onBus(def: EventDefinition): Promise<number> {
    const stream = streamNameFor(STREAMS.deadlines, namespace);
    const subject = subjectFor(def.subject, namespace);
    const info = await service.ctx.bus.jsm.streams.info(stream, { subjects_filter: subject });
    return info.state.subjects?.[subject] ?? 0;
  }

  /** Waits until the outbox holds nothing unpublished, so what the bus holds is final. */
  const drained = () =>
    waitFor(
      async () => {
        const r = await database.db
          .selectFrom('outbox')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('published_at', 'is', null)
          .executeTakeFirstOrThrow();
        return Number(r.n) === 0 || undefined;
      },
      { timeoutMs: 10_000, what: 'outbox drained' },
    );

  return {
    clock,
    db: database.db,
    get service() {
      return service;
    },
    /** The running instance's address. */
    get url() {
      return service.url;
    },
    intake,
    publish,
    call,
    token,
    obligationsOf,
    awaitObligations,
    newObligation,
    tick,
    onBus,
    drained,
    /** Stops the instance as a shutdown would and starts a fresh one on the same database and bus. */
    async restart() {
      await service.close();
      instances.splice(instances.indexOf(service), 1);
      service = await startInstance();
      instances.push(service);
    },
    /** A second instance on the same database and bus. */
    async startInstance() {
      const s = await startInstance();
      instances.push(s);
      return s;
    },
    close: () =>
      first.close({
        instances,
        streams: [STREAMS.deadlines, STREAMS.intake, STREAMS.reporting].map((s) =>
          streamNameFor(s, namespace),
        ),
      }),
  };
}
export type DeadlineHarness = Awaited<ReturnType<typeof deadlineHarness>>;
