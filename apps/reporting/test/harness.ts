import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  STREAMS,
  buildEvent,
  obligationCreated,
  obligationMet,
  obligationBreached,
  recordEntered,
  recordAmended,
  sampleVerified,
  streamNameFor,
  subjectFor,
  type EventDefinition,
  type EventEnvelope,
} from '@jir/contracts';
import type { UserClaims } from '@jir/service-kit';
import {
  ManualClock,
  recordEventFacts,
  startServiceUnderTest,
  uniqueName,
  eventsApplied,
  testUsers,
} from '@jir/testing';
import { loadConfig } from '../src/config.js';
import { reportingMigrations } from '../src/db/migrations/index.js';
import { reportingService } from '../src/service.js';

/** One user-token key pair for every instance a test starts (the tests' own "identity provider"). */
const users = testUsers({
  sub: 'tm-1',
  court: 'JL-CC-NG',
  roles: ['trial-management'],
});

/**
 * The reporting service with its own database; `namespace` shares a bus with
 * another instance (a replay reads the same streams into a second database
 * under another durable name).
 */
export async function reportingHarness(
  opts: {
    namespace?: string;
    serviceName?: string;
    clock?: ManualClock;
    /** More configuration (a deployment's id, courts, peers, key, port). */
    env?: Record<string, string>;
  } = {},
) {
  const namespace = opts.namespace ?? uniqueName('rp');
  const clock = opts.clock ?? new ManualClock('2026-04-15T02:00:00Z');
  const started = await startServiceUnderTest({
    migrations: reportingMigrations,
    name: 'reporting',
    namespace,
    publicKeyPem: users.publicKeyPem,
    clock,
    poolSize: 8,
    loadConfig,
    env: {
      REPORT_LOCAL_KEY_DIR: mkdtempSync(join(tmpdir(), 'jir-report-key-')),
      ...(opts.serviceName ? { SERVICE_NAME: opts.serviceName } : {}),
      ...opts.env,
    },
    service: reportingService,
  });
  const { service, owner: database } = started;
  const { bus } = service.ctx;
  const token = users.token;

  async function call(method: string, path: string, o: { as?: Partial<UserClaims>; body?: unknown } = {}) {
    const res = await fetch(`${service.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await token(o.as ?? {})}`,
        ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
    });
    // Exports answer PDF or Excel bytes: only JSON answers are parsed.
    if (!/json/.test(res.headers.get('content-type') ?? '')) {
      await res.arrayBuffer();
      return { status: res.status, body: null };
    }
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }

  /** Publishes an event as its producer's relay would. */
  async function publish(def: EventDefinition, e: EventEnvelope) {
    await bus.js.publish(subjectFor(def.subject, namespace), JSON.stringify(e), { msgID: e.id });
  }

  /**
   * Nanguan's 2026-Q1 report, generated and sent by its trial management (`as`): the report's id
   * and its delivery to the committee, the fixture of the input and rights tests.
   */
  async function sentReport(as: Partial<UserClaims>) {
    const report = await call('POST', '/v1/reports/quarterly', {
      as,
      body: { court: 'JL-CC-NG', quarter: '2026-Q1' },
    });
    const sent = await call('POST', `/v1/reports/${report.body.id}/send`, { as });
    const committee = sent.body.items.find((d: { channel: string }) => d.channel === 'committee');
    return { reportId: report.body.id as string, committeeDeliveryId: committee.id as string };
  }

  /** Waits until the inbox has taken `n` events. */
  const applied = (n: number) => eventsApplied(database.db, { count: n, timeoutMs: 20_000 });

  return {
    db: database.db,
    service,
    clock,
    namespace,
    url: service.url,
    token,
    call,
    publish,
    applied,
    sentReport,
    close: (o: { deleteStreams?: boolean } = {}) =>
      started.close({
        streams:
          (o.deleteStreams ?? true)
            ? [STREAMS.intake, STREAMS.deadlines, STREAMS.reporting].map((s) => streamNameFor(s, namespace))
            : [],
      }),
  };
}
export type ReportingHarness = Awaited<ReturnType<typeof reportingHarness>>;

/** Facts of a record as intake publishes them. */
export function facts(
  recordId: string,
  o: {
    court?: string;
    handler?: string;
    division?: string | null;
    form?: 'wechat' | 'telephone' | 'letter';
    specialItems?: ('SR01' | 'SR07' | 'SR10')[];
    identity?: string | null;
    receivedAt?: string;
    revision?: number;
    interferer?: { name: string; unit: string; position: string } | null;
    principal?: boolean;
    severe?: boolean;
  } = {},
) {
  return recordEventFacts({
    recordId,
    caseNumber: `(2026)吉0102民初${recordId.slice(0, 4)}号`,
    form: o.form ?? 'telephone',
    handler: o.handler ?? 'judge-a',
    division: o.division === undefined ? 'civil-1' : o.division,
    interfererIdentityId: o.identity ?? null,
    specialItems: o.specialItems ?? [],
    severe: o.severe ?? false,
    involvesPrincipalLeader: o.principal ?? false,
    receivedAt: o.receivedAt ?? '2026-02-10T10:00:00+08:00',
    communicatedAt: '2026-02-10T09:00:00+08:00',
    revision: o.revision ?? 1,
    ...(o.interferer === null
      ? {}
      : { interferer: o.interferer ?? { name: '王某', unit: '某市某局', position: '局长' } }),
  });
}

const meta = (court: string, aggregateId: string, sub = 'judge-a') => ({
  court,
  aggregateId,
  actor: { sub, kind: 'user' as const },
});

/** The events of an entered record (and optionally its deadlines' outcomes), as the producers write them. */
export function recordEvents(recordId: string, o: Parameters<typeof facts>[1] & { enteredAt?: string } = {}) {
  const court = o.court ?? 'JL-CC-NG';
  return buildEvent(recordEntered, {
    ...meta(court, recordId, o.handler),
    data: { ...facts(recordId, o), enteredAt: o.enteredAt ?? '2026-02-11T10:00:00+08:00' },
  });
}

/** An amendment to revision `revision`. */
export function amendment(recordId: string, o: Parameters<typeof facts>[1] & { revision: number }) {
  return buildEvent(recordAmended, {
    ...meta(o.court ?? 'JL-CC-NG', recordId, o.handler),
    data: { ...facts(recordId, o), revision: o.revision, changedFields: ['specialItems'] },
  });
}

/** The deadline monitor's obligation for a record and, if given, its outcome. */
export function obligationEvents(
  recordId: string,
  kind: 'entry' | 'copy',
  outcome: { metLateByMs?: number; breached?: boolean } | null,
  court = 'JL-CC-NG',
) {
  const base = {
    obligationId: `${recordId}:${kind}`,
    kind,
    subjectId: recordId,
    dueAt: '2026-02-12T16:00:00Z',
    dueDate: '2026-02-12',
  };
  const m = meta(court, `${recordId}:${kind}`, 'deadline-monitor');
  const out: [EventDefinition, EventEnvelope][] = [
    [obligationCreated, buildEvent(obligationCreated, { ...m, data: base })],
  ];
  if (outcome?.breached)
    out.push([
      obligationBreached,
      buildEvent(obligationBreached, { ...m, data: { ...base, breachedAt: '2026-02-12T16:00:00Z' } }),
    ]);
  if (outcome?.metLateByMs !== undefined)
    out.push([
      obligationMet,
      buildEvent(obligationMet, {
        ...m,
        data: { ...base, metAt: '2026-02-12T15:00:00Z', lateByMs: outcome.metLateByMs },
      }),
    ]);
  return out;
}

/** A verification outcome as intake emits it. */
export function verificationEvent(recordId: string, outcome: 'confirmed' | 'disputed', court = 'JL-CC-NG') {
  return buildEvent(sampleVerified, {
    ...meta(court, recordId, 'head-1'),
    data: {
      drawId: 'draw-1',
      recordId,
      quarter: '2026-Q1',
      outcome,
      verifiedBy: 'head-1',
      verifiedAt: '2026-04-02T02:00:00Z',
    },
  });
}
