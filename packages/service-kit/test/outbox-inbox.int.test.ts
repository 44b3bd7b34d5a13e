import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@jir/testing';
import { appendEvent, type Bus } from '../src/index.js';
import { buildEvent } from '@jir/contracts';
import { noteCreated } from './example/example-service.js';
import { messagingHarness, type MessagingHarness } from './harness.js';

/**
 * How many events the bulk test sends: 10,000 here; the mutation run (stryker.core.config.mjs)
 * sends fewer, since it repeats the test once per mutant on a shared 2-core machine.
 */
const BULK = Number(process.env['JIR_OUTBOX_TEST_EVENTS'] ?? 10_000);
const bulkName = BULK.toLocaleString('en');

let h: MessagingHarness;
beforeAll(async () => {
  h = await messagingHarness();
});
afterAll(() => h.close());

/** Writes n events as the example producer would: each in the outbox, spread over `cases` aggregates. */
async function produce(n: number, cases: number, prefix: string) {
  const perCase = new Map<string, number>();
  const events = Array.from({ length: n }, (_, i) => {
    const caseNumber = `${prefix}-${i % cases}`;
    const seq = (perCase.get(caseNumber) ?? 0) + 1;
    perCase.set(caseNumber, seq);
    return buildEvent(noteCreated, {
      court: 'JL-CC-NG',
      aggregateId: caseNumber,
      actor: null,
      data: { noteId: crypto.randomUUID(), caseNumber, seqInCase: seq },
    });
  });
  for (let i = 0; i < events.length; i += 1000) {
    await h.producer.db.transaction().execute(async (trx) => {
      for (const e of events.slice(i, i + 1000)) await appendEvent(trx, noteCreated, e);
    });
  }
  return events;
}

/**
 * The stream's messages whose case number starts with `prefix`, read back with an ephemeral
 * consumer: the count shows a double publish that msgID dedupe or the inbox would otherwise hide.
 */
async function streamMessages(h: MessagingHarness, prefix: string) {
  const info = await h.producerBus.jsm.streams.info(h.stream);
  const c = await h.producerBus.js.consumers.get(h.stream, { opt_start_seq: 1 });
  const ids: string[] = [];
  const iter = await c.consume({ max_messages: 1_000 });
  for await (const m of iter) {
    const e = m.json<{ id: string; data: { caseNumber: string } }>();
    if (e.data.caseNumber.startsWith(prefix)) ids.push(e.id);
    if (m.seq >= info.state.last_seq) break;
  }
  await iter.close().catch(() => undefined);
  return { messages: ids.length, distinctEvents: new Set(ids).size };
}

/** The example consumer, started once by whichever test needs it first (tests run in any order). */
let consuming: Promise<void> | undefined;
const consumerRunning = () =>
  (consuming ??= (async () => {
    const consumer = await h.consumerOf();
    await consumer.start();
  })());
const publishedRows = async () =>
  Number(
    (
      await h.producer.db
        .selectFrom('outbox')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('published_at', 'is not', null)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('outbox → JetStream → inbox (R-PV-3)', () => {
  it(`R-PV-3: ${bulkName} events, each effect exactly once, each event on the stream once`, async () => {
    await consumerRunning();
    const before = await h.effectCounts();
    const keptBefore = await publishedRows();
    const relay = h.relay();
    relay.start();
    const started = Date.now();
    const events = await produce(BULK, 250, 'bulk');
    relay.wake();
    await waitFor(
      async () => (await h.effectCounts()).distinct === before.distinct + events.length || undefined,
      {
        // A correctness test, not a benchmark (bench/outbox-inbox.bench.ts measures): generous on a busy machine.
        timeoutMs: 270_000,
        intervalMs: 250,
        what: `${bulkName} effects`,
      },
    );
    const seconds = (Date.now() - started) / 1000;
    const counts = await h.effectCounts();
    // (Events that another test applied twice on purpose, through a second durable, stay as they were.)
    expect(counts).toEqual({ distinct: before.distinct + BULK, doubled: before.doubled });
    expect(await relay.backlog()).toBe(0);

    // Order per aggregate is not promised (handlers compare revisions); what holds is that each
    // event reached the stream exactly once, so the inbox had no double publish to hide.
    expect(await streamMessages(h, 'bulk-')).toEqual({ messages: BULK, distinctEvents: BULK });

    // Every published row is kept: the outbox is part of the trail.
    expect((await publishedRows()) - keptBefore).toBe(BULK);
    // The next test counts its relays' publishes: this one must not take part.
    await relay.stop();
    console.error(
      `[outbox→inbox] ${bulkName} events in ${seconds.toFixed(1)} s (${Math.round(BULK / seconds)} events/s end to end)`,
    );
  }, 300_000);

  it('R-PV-3: two relays at once publish each event once', async () => {
    await consumerRunning();
    const before = await h.effectCounts();
    const events = await produce(2_000, 20, 'two-relays');
    // Both relays' publishes are counted by message id: JetStream's own dedupe would hide a second one.
    const published = new Map<string, number>();
    const counted = (bus: Bus): Bus => {
      const publish = bus.js.publish.bind(bus.js);
      const js = Object.create(bus.js) as Bus['js'];
      js.publish = (subject, payload, opts) => {
        if (opts?.msgID) published.set(opts.msgID, (published.get(opts.msgID) ?? 0) + 1);
        return publish(subject, payload, opts);
      };
      return { ...bus, js };
    };
    const a = h.relay({ batchSize: 50, bus: counted(await h.bus('relay-a')) });
    const b = h.relay({ batchSize: 50, bus: counted(await h.bus('relay-b')) });
    a.start();
    b.start();
    await waitFor(
      async () => (await h.effectCounts()).distinct === before.distinct + events.length || undefined,
      {
        timeoutMs: 60_000,
        intervalMs: 200,
      },
    );
    expect((await h.effectCounts()).doubled).toBe(before.doubled);
    // Two relays claim with SKIP LOCKED: no row is published by both.
    expect(published.size).toBe(2_000);
    expect([...published.values()].filter((n) => n !== 1)).toEqual([]);
    expect(await streamMessages(h, 'two-relays-')).toEqual({ messages: 2_000, distinctEvents: 2_000 });
  });

  it('R-PV-3: replaying a stream range rebuilds a consumer without doubling anything', async () => {
    // Its own 100 events, published as one contiguous range of the stream; the running consumer
    // applies them too, and is waited for, so the other tests' counts stay exact in any order.
    await consumerRunning();
    const effectsBefore = (await h.effectCounts()).distinct;
    const from = (await h.producerBus.jsm.streams.info(h.stream)).state.last_seq + 1;
    await produce(100, 5, 'replay');
    const relay = h.relay();
    relay.start();
    await waitFor(async () => (await relay.backlog()) === 0 || undefined, {
      timeoutMs: 30_000,
      what: 'published',
    });
    await relay.stop();
    const to = from + 99;
    expect((await h.producerBus.jsm.streams.info(h.stream)).state.last_seq).toBe(to);
    const consumer = await h.consumerOf({ durable: 'rebuild-probe' });
    const first = await consumer.replayStream({ fromSeq: from, toSeq: to });
    expect(first).toEqual({ applied: 100, duplicates: 0, failed: 0 });
    const again = await consumer.replayStream({ fromSeq: from, toSeq: to });
    expect(again).toEqual({ applied: 0, duplicates: 100, failed: 0 });
    await waitFor(async () => (await h.effectCounts()).distinct === effectsBefore + 100 || undefined, {
      timeoutMs: 30_000,
      what: 'the running consumer applied them',
    });
  });
});
