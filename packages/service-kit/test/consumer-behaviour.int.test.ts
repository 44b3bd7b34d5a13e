import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { z } from 'zod';
import { buildEvent, defineEvent, subjectFor, type EventEnvelope } from '@jir/contracts';
import { waitFor } from '@jir/testing';
import {
  IdempotentConsumer,
  countParked,
  createLogger,
  createDatabase,
  createMetrics,
  defineConsumer,
  instantiateConsumer,
  on,
  onBatch,
  type BatchEventHandler,
  type Bus,
  type EventHandler,
  type ServiceMetrics,
} from '../src/index.js';
import { EXAMPLE_STREAM, applyNote, noteCreated, type ConsumerDB } from './example/example-service.js';
import { messagingHarness, type MessagingHarness } from './harness.js';

/** A kind of the example stream that the consumers below read but have no handler for. */
const noteArchived = defineEvent('example.note.archived', 1, z.object({ noteId: z.string() }));
/** A kind whose handler the test makes fail, or wait, on purpose. */
const noteFlagged = defineEvent(
  'example.note.flagged',
  1,
  z.object({ noteId: z.string(), flag: z.string() }),
);

// Each test gets databases, a namespace and a stream of its own: its counts are exact.
let h: MessagingHarness;
let running: IdempotentConsumer<ConsumerDB>[];
beforeEach(async () => {
  h = await messagingHarness();
  running = [];
});
afterEach(async () => {
  for (const c of running) await c.stop();
  await h.close();
});

/** Log lines as objects, to see what an operator reading the consumer's log would see. */
function capturedLogger() {
  const lines: { level: number; msg: string; [k: string]: unknown }[] = [];
  const logger = createLogger({
    service: 'test',
    level: 'debug',
    destination: { write: (s: string) => void lines.push(JSON.parse(s)) },
  });
  return { logger, lines, messages: () => lines.map((l) => l.msg) };
}

/** A consumer of the harness stream on a bus connection of its own; stopped after the test. */
async function consumer(o: {
  durable: string;
  bus?: Bus;
  handlers?: Record<string, EventHandler<ConsumerDB>>;
  batchHandlers?: Record<string, BatchEventHandler<ConsumerDB>>;
  maxDeliveries?: number;
  ackWaitMs?: number;
  metrics?: ServiceMetrics;
  logger?: ReturnType<typeof createLogger>;
}) {
  const c = new IdempotentConsumer<ConsumerDB>({
    db: h.consumer.db,
    bus: o.bus ?? (await h.bus(o.durable)),
    logger: o.logger ?? capturedLogger().logger,
    stream: h.stream,
    durable: o.durable,
    handlers: o.handlers ?? { [noteCreated.type]: applyNote },
    catalogue: [noteCreated, noteArchived, noteFlagged],
    ...(o.batchHandlers ? { batchHandlers: o.batchHandlers } : {}),
    ...(o.maxDeliveries ? { maxDeliveries: o.maxDeliveries } : {}),
    ...(o.ackWaitMs ? { ackWaitMs: o.ackWaitMs } : {}),
    ...(o.metrics ? { metrics: o.metrics } : {}),
  });
  running.push(c);
  return c;
}

const note = (caseNumber: string, id?: string) =>
  buildEvent(noteCreated, {
    court: 'JL-CC-NG',
    aggregateId: caseNumber,
    actor: null,
    data: { noteId: crypto.randomUUID(), caseNumber, seqInCase: 1 },
    ...(id ? { id } : {}),
  });
const flagged = (flag: string) =>
  buildEvent(noteFlagged, {
    court: 'JL-CC-NG',
    aggregateId: 'n',
    actor: null,
    data: { noteId: crypto.randomUUID(), flag },
  });
const archived = () =>
  buildEvent(noteArchived, {
    court: 'JL-CC-NG',
    aggregateId: 'n',
    actor: null,
    data: { noteId: crypto.randomUUID() },
  });

/** Publishes as a relay would; a republish of the same event gets a new message id, so only the inbox can drop it. */
async function publish(e: EventEnvelope | string, subject = noteCreated.subject) {
  const s = typeof e === 'string' ? subject : `${e.type}.v${e.version}`;
  const ack = await h.producerBus.js.publish(
    subjectFor(s, h.namespace),
    typeof e === 'string' ? e : JSON.stringify(e),
    {
      msgID: crypto.randomUUID(),
    },
  );
  return ack.seq;
}

/** The consumer's counters as a scrape shows them: messages by outcome, and redeliveries. */
async function counted(metrics: ServiceMetrics) {
  const outcomes: Record<string, number> = {};
  for (const v of (await metrics.consumerProcessed.get()).values)
    outcomes[String(v.labels.outcome)] = v.value;
  // Counted per consumer, as a scrape groups them: a count without the consumer's name is lost.
  const redeliveries = (await metrics.consumerRedeliveries.get()).values
    .filter((v) => typeof v.labels.consumer === 'string')
    .reduce((n, v) => n + v.value, 0);
  return { outcomes, redeliveries };
}
const total = async (metrics: ServiceMetrics) =>
  Object.values((await counted(metrics)).outcomes).reduce((a, b) => a + b, 0);

const rowCount = async (table: 'inbox' | 'effects' | 'parked_messages') =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(h.consumer.db))
    .rows[0]!.n;

/** Resolves after `ms` with 'pending', so a call that should return can be told from one that hangs. */
const within = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<'pending'>((r) => setTimeout(() => r('pending'), ms))]);

/** One event through a consumer whose handler misbehaves on its first calls; waits until it is applied and acknowledged. */
async function appliedAfterRedelivery(durable: string, handle: EventHandler<ConsumerDB>) {
  const metrics = createMetrics('consumer-test', { defaultMetrics: false });
  const log = capturedLogger();
  const c = await consumer({
    durable,
    metrics,
    logger: log.logger,
    handlers: { [noteCreated.type]: handle },
  });
  await c.start();
  await publish(note(durable));
  await waitFor(async () => (await rowCount('effects')) === 1 || undefined, {
    what: 'applied after redelivery',
  });
  await waitFor(async () => (await c.lag()) === 0 || undefined, { what: 'acknowledged' });
  return { counts: await counted(metrics), log };
}
/** What a PostgreSQL restart does to a transaction in flight. */
const loseConnection = (trx: Parameters<EventHandler<ConsumerDB>>[1]) =>
  sql`SELECT pg_terminate_backend(pg_backend_pid())`.execute(trx);

describe('what the idempotent consumer decides per message (#15, R-PV-3)', () => {
  it('#15 R-PV-3: one batch with a new event, its republish, a kind without handler, a malformed message and an unknown subject: applied once, duplicate acknowledged, ignored acknowledged, the last two terminated and parked', async () => {
    const metrics = createMetrics('consumer-test', { defaultMetrics: false });
    const log = capturedLogger();
    const first = note('first');
    await publish(first);
    await publish(note('second'));
    await publish(first);
    await publish(archived());
    const badSeq = await publish('not json at all');
    // A subject no definition knows, long enough that the reason kept is cut at its limit.
    const unknown = `example.${'a'.repeat(2_500)}`;
    const unknownSeq = await publish(JSON.stringify(note('unknown')), unknown);
    const terminated: string[] = [];
    const advisories = h.producerBus.nc.subscribe(
      `$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED.${h.stream}.decisions`,
    );
    void (async () => {
      for await (const a of advisories) terminated.push(String(a.json<{ stream_seq: number }>().stream_seq));
    })();
    // Waiting on the stream before the consumer starts, so they come as one batch.
    const c = await consumer({ durable: 'decisions', metrics, ackWaitMs: 1_000, logger: log.logger });
    await c.start();
    await waitFor(async () => (await total(metrics)) === 6 || undefined, { what: 'six messages settled' });
    await waitFor(async () => (await c.lag()) === 0 || undefined, { what: 'nothing left on the server' });
    expect(await counted(metrics)).toEqual({
      outcomes: { applied: 2, duplicate: 1, ignored: 1, parked: 2 },
      redeliveries: 0,
    });
    // The inbox holds only events that some handler applies.
    expect(await rowCount('inbox')).toBe(2);
    expect(await rowCount('effects')).toBe(2);
    const parked = await c.listParked();
    expect(parked).toHaveLength(2);
    expect(parked[0]).toMatchObject({
      consumer: 'decisions',
      stream: h.stream,
      stream_seq: badSeq,
      subject: subjectFor(noteCreated.subject, h.namespace),
      payload: 'not json at all',
      replayed_at: null,
      replay_error: null,
    });
    expect(parked[0]!.reason).toMatch(/^invalid: .*not valid JSON/);
    expect(parked[1]!.stream_seq).toBe(unknownSeq);
    expect(parked[1]!.reason).toBe(
      `invalid: unknown subject ${subjectFor(unknown, h.namespace)}`.slice(0, 2_009),
    );
    expect(log.lines.filter((l) => l.msg === 'message parked')).toEqual(
      [parked[0]!, parked[1]!].map((p) =>
        expect.objectContaining({
          consumer: 'decisions',
          module: 'consumer',
          subject: p.subject,
          streamSeq: p.stream_seq,
          reason: p.reason,
        }),
      ),
    );
    // Terminated, not acknowledged: the server tells whoever watches its advisories.
    await waitFor(() => terminated.length === 2 || undefined, { what: 'two termination advisories' });
    expect(terminated.sort()).toEqual([String(badSeq), String(unknownSeq)].sort());
    // Settled: after more than an ack wait nothing came back.
    await new Promise((r) => setTimeout(r, 1_500));
    advisories.unsubscribe();
    expect(await total(metrics)).toBe(6);
    expect((await counted(metrics)).redeliveries).toBe(0);
    expect(await c.listParked()).toHaveLength(2);
  });

  it('#15 R-PV-3: an event id written in upper case is applied once; its republish, in the same batch or later, is a duplicate', async () => {
    const metrics = createMetrics('consumer-test', { defaultMetrics: false });
    const upper = note('upper-case', crypto.randomUUID().toUpperCase());
    await publish(upper);
    await publish(upper);
    const c = await consumer({ durable: 'upper-case', metrics });
    await c.start();
    await waitFor(async () => (await total(metrics)) === 2 || undefined, { what: 'both copies settled' });
    await publish(upper);
    await waitFor(async () => (await total(metrics)) === 3 || undefined, { what: 'the later copy settled' });
    expect((await counted(metrics)).outcomes).toEqual({ applied: 1, duplicate: 2 });
    expect(await rowCount('effects')).toBe(1);
  });

  it('#15 R-PV-3: a handler that fails on the first delivery is retried and applied on the second, not parked', async () => {
    const metrics = createMetrics('consumer-test', { defaultMetrics: false });
    const log = capturedLogger();
    let calls = 0;
    const c = await consumer({
      durable: 'fails-once',
      metrics,
      logger: log.logger,
      handlers: {
        [noteCreated.type]: async (e, trx) => {
          // Fails in the batch and again alone: the whole first delivery fails.
          if (++calls <= 2) throw new Error('not yet');
          await applyNote(e, trx);
        },
      },
    });
    await c.start();
    await publish(note('fails-once'));
    await waitFor(async () => (await rowCount('effects')) === 1 || undefined, { what: 'applied on retry' });
    await waitFor(async () => (await c.lag()) === 0 || undefined, { what: 'acknowledged' });
    expect(await counted(metrics)).toEqual({ outcomes: { retried: 1, applied: 1 }, redeliveries: 1 });
    expect(calls).toBe(3);
    expect(await rowCount('parked_messages')).toBe(0);
    expect(log.lines.filter((l) => l.msg === 'handler failed; will retry')).toEqual([
      expect.objectContaining({
        delivery: 1,
        err: expect.stringMatching(/^handler failed 1 time\(s\): not yet$/),
      }),
    ]);
  });

  it('#15 R-PV-3: a handler that keeps failing is parked after five deliveries when no limit is set, each retry waiting longer than the one before', async () => {
    const metrics = createMetrics('consumer-test', { defaultMetrics: false });
    const log = capturedLogger();
    const c = await consumer({
      durable: 'keeps-failing',
      metrics,
      logger: log.logger,
      handlers: {
        [noteFlagged.type]: async () => {
          throw new Error(`cannot apply a flag ${'!'.repeat(2_500)}`);
        },
      },
    });
    await c.start();
    const started = Date.now();
    await publish(flagged('always-fails'));
    const parked = await waitFor(
      async () => {
        const p = await c.listParked();
        return p.length ? p : undefined;
      },
      { what: 'parked', timeoutMs: 40_000 },
    );
    const took = Date.now() - started;
    expect(parked).toHaveLength(1);
    // The error is kept up to its first 2,000 characters.
    const error = `cannot apply a flag ${'!'.repeat(2_500)}`.slice(0, 2_000);
    expect(parked[0]!.reason).toBe(`handler failed 5 time(s): ${error}`);
    expect(await counted(metrics)).toEqual({ outcomes: { retried: 4, parked: 1 }, redeliveries: 4 });
    expect(
      log.lines.filter((l) => l.msg === 'handler failed; will retry').map((l) => [l.delivery, l.err]),
    ).toEqual([1, 2, 3, 4].map((n) => [n, `handler failed ${n} time(s): ${error}`]));
    // Backoff of 250 ms × 2^delivery: 0.5 + 1 + 2 + 4 s before the fifth delivery, well under the 30 s cap.
    expect(took).toBeGreaterThanOrEqual(7_000);
    expect(took).toBeLessThan(25_000);
    // Terminated: it does not come back after the ack wait.
    await waitFor(async () => (await c.lag()) === 0 || undefined, { what: 'terminated' });
    expect(await total(metrics)).toBe(5);
  }, 60_000);

  it('#15 R-PV-3: when the database connection breaks under a batch, its messages are redelivered and applied, neither retried as a handler failure nor parked', async () => {
    let calls = 0;
    const { counts, log } = await appliedAfterRedelivery('connection-lost', async (e, trx) => {
      if (++calls === 1) await loseConnection(trx);
      await applyNote(e, trx);
    });
    expect(counts).toEqual({ outcomes: { applied: 1 }, redeliveries: 1 });
    expect(calls).toBe(2);
    expect(log.lines.filter((l) => l.msg === 'could not record the batch; will retry')).toEqual([
      expect.objectContaining({ batch: 1, err: expect.any(String) }),
    ]);
    expect(await rowCount('parked_messages')).toBe(0);
  });

  it('#15 R-PV-3: when the connection breaks while a failed batch is applied one by one, the message is redelivered, not counted as a handler failure', async () => {
    let calls = 0;
    const { counts, log } = await appliedAfterRedelivery('connection-lost-alone', async (e, trx) => {
      calls++;
      if (calls === 1) throw new Error('fails in the batch');
      if (calls === 2) await loseConnection(trx);
      await applyNote(e, trx);
    });
    expect(counts).toEqual({ outcomes: { applied: 1 }, redeliveries: 1 });
    expect(calls).toBe(3);
    expect(log.lines.filter((l) => l.msg === 'could not record the message; will retry')).toEqual([
      expect.objectContaining({ err: expect.any(String) }),
    ]);
    expect(await rowCount('parked_messages')).toBe(0);
  });
});

describe('a failed batch applied one message at a time (#15, R-PV-3)', () => {
  it('#15 R-PV-3: at the first delivery the batch handler gets its good event alone and applies it, a kind without handler is ignored, a malformed message parked at once; only the failing event is retried', async () => {
    const metrics = createMetrics('consumer-test', { defaultMetrics: false });
    const calls: string[][] = [];
    const c = await consumer({
      durable: 'one-by-one',
      metrics,
      maxDeliveries: 2,
      handlers: {},
      batchHandlers: {
        [noteFlagged.type]: async (evs) => {
          const flags = evs.map((e) => (e.data as { flag: string }).flag);
          calls.push(flags);
          if (flags.includes('boom')) throw new Error('cannot apply boom');
        },
      },
    });
    await publish(flagged('ok'));
    await publish(flagged('boom'));
    await publish(archived());
    const malformedSeq = await publish('not json');
    await c.start();
    await waitFor(async () => (await rowCount('parked_messages')) === 2 || undefined, {
      what: 'the malformed and the failing message parked',
    });
    await waitFor(async () => (await c.lag()) === 0 || undefined, { what: 'all settled' });
    expect(await counted(metrics)).toEqual({
      outcomes: { applied: 1, ignored: 1, retried: 1, parked: 2 },
      redeliveries: 1,
    });
    // The batch, then each of its events alone, then the failing one's redelivery.
    expect(calls).toEqual([['ok', 'boom'], ['ok'], ['boom'], ['boom'], ['boom']]);
    const parked = await c.listParked();
    expect(parked.map((p) => p.stream_seq)).toContain(malformedSeq);
    expect(parked.find((p) => p.stream_seq !== malformedSeq)!.reason).toBe(
      'handler failed 2 time(s): cannot apply boom',
    );
  });
});

describe('which database errors are the database failing, not the handler (#15, R-PV-3)', () => {
  // PostgreSQL's connection-exception class (08xxx) and operator intervention (57P0x) mean the
  // database could not take the batch; any other SQLSTATE is the handler's own failure, even one
  // with "08" further in (22008, a date out of range).
  // A database failure fails the batch once and the message is redelivered; a handler failure
  // fails the batch and then the message alone, and is retried with backoff.
  it.each([
    ['08006', 'connection failure', 1, { applied: 1 }],
    ['57P03', 'cannot connect now', 1, { applied: 1 }],
    ['22008', 'a date out of range', 2, { retried: 1, applied: 1 }],
  ])(
    '#15 R-PV-3: SQLSTATE %s (%s) on the first delivery: failing %i time(s), then outcomes %o',
    async (code, _what, failing, outcomes) => {
      let calls = 0;
      const { counts } = await appliedAfterRedelivery(`sqlstate-${code}`, async (e, trx) => {
        if (++calls <= failing) {
          if (code === '22008') await sql`SELECT make_date(2026, 13, 1)`.execute(trx);
          else
            await sql
              .raw(`DO $$ BEGIN RAISE EXCEPTION 'raised' USING ERRCODE = '${code}'; END $$`)
              .execute(trx);
        }
        await applyNote(e, trx);
      });
      expect(counts).toEqual({ outcomes, redeliveries: 1 });
      expect(calls).toBe(failing + 1);
      expect(await rowCount('parked_messages')).toBe(0);
    },
  );

  it('#15 R-PV-3: while the database refuses connections, a message is neither acknowledged, parked nor counted; it waits on the server', async () => {
    const metrics = createMetrics('consumer-test', { defaultMetrics: false });
    const log = capturedLogger();
    // Port 1: nothing listens there, so each transaction fails with ECONNREFUSED.
    const unreachable = createDatabase<ConsumerDB>('postgres://postgres@127.0.0.1:1/none', { max: 1 });
    const c = new IdempotentConsumer<ConsumerDB>({
      db: unreachable.db,
      bus: await h.bus('unreachable'),
      logger: log.logger,
      metrics,
      stream: h.stream,
      durable: 'unreachable',
      handlers: { [noteCreated.type]: applyNote },
      catalogue: [noteCreated],
    });
    running.push(c);
    await publish(note('unreachable'));
    await c.start();
    await waitFor(
      () =>
        log.messages().filter((m) => m === 'could not record the batch; will retry').length >= 2 || undefined,
      { what: 'a try and a retry one second later' },
    );
    expect(log.lines.find((l) => l.msg === 'could not record the batch; will retry')).toMatchObject({
      err: expect.stringMatching(/ECONNREFUSED/),
      batch: 1,
    });
    expect((await counted(metrics)).outcomes).toEqual({});
    expect(await c.lag()).toBe(1);
    await c.stop();
    await unreachable.close().catch(() => undefined);
  });
});

describe('stopping and the server-side view (#15, R-PV-3)', () => {
  it('#15 R-PV-3: stop waits for the message in hand, which is committed and acknowledged when it returns; what arrives later waits for the next start', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered = 0;
    const metrics = createMetrics('consumer-test', { defaultMetrics: false });
    const c = await consumer({
      durable: 'draining',
      // Longer than the handler is held, so nothing is redelivered meanwhile.
      ackWaitMs: 5_000,
      metrics,
      handlers: {
        [noteCreated.type]: async (e, trx) => {
          entered++;
          await gate;
          await applyNote(e, trx);
        },
      },
    });
    await c.start();
    await publish(note('in-hand'));
    await publish(note('in-hand-too'));
    await waitFor(() => entered === 1 || undefined, { what: 'the handler holding the batch' });
    // Held messages count on the server as waiting for an acknowledgement.
    await waitFor(async () => (await c.lag()) === 2 || undefined, { what: 'both pending acknowledgement' });
    expect((await metrics.consumerLag.get()).values).toEqual([
      expect.objectContaining({ labels: { consumer: 'draining' }, value: 2 }),
    ]);
    const stopping = c.stop();
    expect(await within(stopping, 300)).toBe('pending');
    release();
    await stopping;
    expect(await rowCount('effects')).toBe(2);
    expect(await c.lag()).toBe(0);
    expect(await total(metrics)).toBe(2);

    await publish(note('after-stop'));
    await new Promise((r) => setTimeout(r, 500));
    expect(await rowCount('effects')).toBe(2);
    expect(await c.lag()).toBe(1);

    const again = await consumer({ durable: 'draining', ackWaitMs: 5_000 });
    await again.start();
    await waitFor(async () => (await rowCount('effects')) === 3 || undefined, {
      what: 'applied after restart',
    });
  });

  it('#15 R-PV-3: a consumer whose bus connection closed under it keeps trying, says so in its log, and still stops at once', async () => {
    const log = capturedLogger();
    const bus = await h.bus('closing');
    const c = await consumer({ durable: 'closing', bus, logger: log.logger });
    await c.start();
    await publish(note('before'));
    await waitFor(async () => (await rowCount('effects')) === 1 || undefined, { what: 'the first applied' });
    await bus.close();
    // Tried again every half second, each failure logged.
    await waitFor(
      () => log.messages().filter((m) => m === 'consume interrupted; resuming').length >= 2 || undefined,
      {
        what: 'the interruption logged twice',
      },
    );
    expect(log.lines.find((l) => l.msg === 'consume interrupted; resuming')).toMatchObject({
      level: 40,
      err: expect.stringMatching(/connection (draining|closed)/i),
    });
    expect(await within(c.stop(), 2_000)).toBeUndefined();
  });

  it('#15 R-PV-3: a consumer frozen between commit and acknowledgement does not double the effect: the redelivery to another instance is a duplicate', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const committed: string[] = [];
    const frozen = new IdempotentConsumer<ConsumerDB>({
      db: h.consumer.db,
      bus: await h.bus('frozen'),
      logger: capturedLogger().logger,
      stream: h.stream,
      durable: 'crash-window',
      handlers: { [noteCreated.type]: applyNote },
      catalogue: [noteCreated],
      ackWaitMs: 1_000,
      faults: {
        afterCommit: async (e) => {
          committed.push(e.id);
          await gate;
        },
      },
    });
    running.push(frozen);
    const metrics = createMetrics('consumer-test', { defaultMetrics: false });
    const other = await consumer({ durable: 'crash-window', ackWaitMs: 1_000, metrics });
    const e = note('crash-window');
    await publish(e);
    await frozen.start();
    await waitFor(() => committed.length === 1 || undefined, { what: 'committed, not acknowledged' });
    await other.start();
    await waitFor(async () => (await total(metrics)) === 1 || undefined, {
      what: 'redelivered to the other',
    });
    release();
    expect(committed).toEqual([e.id]);
    expect(await counted(metrics)).toEqual({ outcomes: { duplicate: 1 }, redeliveries: 1 });
    expect(await h.effectCounts()).toEqual({ distinct: 1, doubled: 0 });
  });
});

describe('parked messages and replays (#15, R-PV-3)', () => {
  it('#15 R-PV-3: each consumer lists, oldest first, and replays only its own parked messages; a failed replay keeps its error, cut at 2,000 characters, until a replay succeeds', async () => {
    const mine = await consumer({ durable: 'mine' });
    const theirs = await consumer({ durable: 'theirs' });
    const broken = { ...note('broken'), data: { noteId: 'x' } };
    await publish(JSON.stringify(broken));
    // A reason at its 2,009-character limit, so the replay's error has to be cut again.
    await publish(JSON.stringify(note('unknown')), `example.${'a'.repeat(2_500)}`);
    await mine.start();
    await theirs.start();
    const parked = await waitFor(
      async () => ((await rowCount('parked_messages')) === 4 ? mine.listParked() : undefined),
      { what: 'parked by both' },
    );
    expect(parked.map((p) => [p.consumer, p.payload.includes('"broken"')])).toEqual([
      ['mine', true],
      ['mine', false],
    ]);
    const theirsParked = await theirs.listParked();
    expect(theirsParked.map((p) => p.consumer)).toEqual(['theirs', 'theirs']);
    expect(await countParked(h.consumer.db)).toEqual({ mine: 2, theirs: 2 });

    await expect(mine.replayParked(theirsParked[0]!.id)).rejects.toThrow();
    const failed = await mine.replayParked(parked[0]!.id);
    expect(failed.ok).toBe(false);
    expect(failed.error).toMatch(/^invalid: /);
    const stateOf = (id: number) =>
      h.consumer.db
        .selectFrom('parked_messages')
        .select(['replay_error', 'replayed_at'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
    expect(await stateOf(parked[0]!.id)).toEqual({ replay_error: failed.error, replayed_at: null });
    // Still oldest first after the failed replay rewrote the first row.
    expect((await mine.listParked()).map((p) => p.id)).toEqual(parked.map((p) => p.id));
    const long = await mine.replayParked(parked[1]!.id);
    expect(long).toEqual({ ok: false, error: parked[1]!.reason.slice(0, 2_000) });

    const fixed = { ...broken, data: { noteId: crypto.randomUUID(), caseNumber: 'broken', seqInCase: 1 } };
    expect(await mine.replayParked(parked[0]!.id, JSON.stringify(fixed))).toEqual({ ok: true });
    const done = await stateOf(parked[0]!.id);
    expect(done.replay_error).toBeNull();
    expect(done.replayed_at).toBeInstanceOf(Date);
    expect((await mine.listParked()).map((p) => p.id)).toEqual([parked[1]!.id]);
    // Replayed is final: replaying it again, even without the corrected payload, changes nothing.
    expect(await mine.replayParked(parked[0]!.id)).toEqual({ ok: true });
    expect(await stateOf(parked[0]!.id)).toEqual(done);
    expect(await countParked(h.consumer.db)).toEqual({ mine: 1, theirs: 2 });
    expect(await rowCount('effects')).toBe(1);
  });

  it('#15 R-PV-3: a stream range replay counts applied, duplicate and failed messages, stops at the stream end and at its bound, and reads nothing past the end', async () => {
    const log = capturedLogger();
    const c = await consumer({ durable: 'replayer', logger: log.logger });
    const first = await publish(note('r1'));
    await publish(note('r2'));
    await publish(archived());
    await publish('broken');
    const last = await publish(note('r3'));
    expect(await within(c.replayStream({ fromSeq: first, toSeq: first }), 10_000)).toEqual({
      applied: 1,
      duplicates: 0,
      failed: 0,
    });
    // From a later message: what comes before it is not read.
    expect(await within(c.replayStream({ fromSeq: first + 1, toSeq: first + 1 }), 10_000)).toEqual({
      applied: 1,
      duplicates: 0,
      failed: 0,
    });
    // No bound: up to the stream's last message; a bound beyond it is the same.
    expect(await within(c.replayStream({ fromSeq: first }), 10_000)).toEqual({
      applied: 1,
      duplicates: 2,
      failed: 1,
    });
    expect(await within(c.replayStream({ fromSeq: first, toSeq: last + 50 }), 10_000)).toEqual({
      applied: 0,
      duplicates: 3,
      failed: 1,
    });
    expect(await within(c.replayStream({ fromSeq: last + 1 }), 10_000)).toEqual({
      applied: 0,
      duplicates: 0,
      failed: 0,
    });
    expect(
      log.lines.filter((l) => l.msg === 'replay could not apply a message').map((l) => l.streamSeq),
    ).toEqual([last - 1, last - 1]);
    expect(await rowCount('effects')).toBe(3);
    // A replay never parks: the durable consumer keeps that decision.
    expect(await rowCount('parked_messages')).toBe(0);
  });
});

describe('consumers declared from event definitions (#15, R-PV-3)', () => {
  it('#15 R-PV-3: the durable takes the service name when none is given, reads the namespaced stream of its declaration, and each typed handler gets only its kinds', async () => {
    const seen: string[] = [];
    const batches: number[] = [];
    const metrics = createMetrics('consumer-test', { defaultMetrics: false });
    const def = defineConsumer<ConsumerDB>({
      reads: EXAMPLE_STREAM,
      handlers: [
        on(noteCreated, async (e, trx) => {
          seen.push(`created:${e.data.caseNumber}`);
          await applyNote(e, trx);
        }),
        on(noteFlagged, async (e) => void seen.push(`flagged:${e.data.flag}`)),
        onBatch([noteArchived], async (evs) => void batches.push(evs.length)),
      ],
    });
    const twice = archived();
    await publish(note('typed'));
    await publish(flagged('red'));
    await publish(twice);
    await publish(archived());
    // In the same fetched batch: a republish and a malformed message, neither of which may split it.
    await publish(twice);
    await publish('not json');
    const c = instantiateConsumer(def, {
      db: h.consumer.db as never,
      bus: await h.bus('declared'),
      logger: capturedLogger().logger,
      metrics,
      service: 'example-service',
    });
    running.push(c);
    expect(c.name).toBe('example-service');
    await c.start();
    await waitFor(async () => (await total(metrics)) === 6 || undefined, { what: 'six messages settled' });
    expect(seen).toEqual(['created:typed', 'flagged:red']);
    // Both new archivals in one call: the batch was applied as one.
    expect(batches).toEqual([2]);
    expect((await counted(metrics)).outcomes).toEqual({ applied: 4, duplicate: 1, parked: 1 });
    expect(await rowCount('inbox')).toBe(4);
    const info = await h.producerBus.jsm.consumers.info(h.stream, 'example-service');
    expect(info.config.durable_name).toBe('example-service');
    // Without an ack wait of its own, a slow handler has 30 s before the server redelivers.
    expect(info.config.ack_wait).toBe(30_000_000_000);
  });

  it('#15 R-PV-3: a named durable is kept, and a consumer refuses an event of another domain than the stream it reads', async () => {
    const def = defineConsumer<ConsumerDB>({
      reads: EXAMPLE_STREAM,
      durable: 'named-durable',
      handlers: [on(noteCreated, applyNote)],
    });
    const c = instantiateConsumer(def, {
      db: h.consumer.db as never,
      bus: await h.bus('named'),
      logger: capturedLogger().logger,
      service: 'example-service',
    });
    expect(c.name).toBe('named-durable');
    const foreign = defineEvent('other.note.created', 1, z.object({ noteId: z.string() }));
    expect(() =>
      defineConsumer<ConsumerDB>({
        reads: EXAMPLE_STREAM,
        handlers: [on(noteCreated, applyNote), onBatch([foreign], async () => {})],
      }),
    ).toThrow('consumer of example cannot handle other.note.created');
  });
});
