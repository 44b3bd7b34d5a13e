import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { waitFor } from '@jir/testing';
import { appendEvent } from '../src/index.js';
import { buildEvent } from '@jir/contracts';
import { noteCreated } from './example/example-service.js';
import { messagingHarness, type MessagingHarness } from './harness.js';

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

describe('outbox → JetStream → inbox (R-PV-3)', () => {
  it('R-PV-3: 10,000 events, each effect exactly once, in order per aggregate', async () => {
    const consumer = await h.consumerOf();
    await consumer.start();
    const relay = h.relay();
    relay.start();
    const started = Date.now();
    const events = await produce(10_000, 250, 'bulk');
    relay.wake();
    await waitFor(async () => (await h.effectCounts()).distinct === events.length || undefined, {
      timeoutMs: 90_000,
      intervalMs: 250,
      what: '10,000 effects',
    });
    const seconds = (Date.now() - started) / 1000;
    const counts = await h.effectCounts();
    expect(counts).toEqual({ distinct: 10_000, doubled: 0 });
    expect(await relay.backlog()).toBe(0);

    // Within each case, effects were applied in the order the events were written.
    const outOfOrder = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM (
        SELECT seq_in_case, lag(seq_in_case) OVER (PARTITION BY case_number ORDER BY applied_at, seq_in_case) AS prev
        FROM effects WHERE case_number LIKE 'bulk-%') t
      WHERE prev IS NOT NULL AND seq_in_case <> prev + 1`.execute(h.consumer.db);
    expect(outOfOrder.rows[0]!.n).toBe(0);

    // Every published row is kept: the outbox is part of the trail.
    const kept = await h.producer.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('published_at', 'is not', null)
      .executeTakeFirstOrThrow();
    expect(Number(kept.n)).toBe(10_000);
    console.error(
      `[outbox→inbox] 10,000 events in ${seconds.toFixed(1)} s (${Math.round(10_000 / seconds)} events/s end to end)`,
    );
  });

  it('R-PV-3: two relays at once publish each event once and keep each aggregate’s order', async () => {
    const events = await produce(2_000, 20, 'two-relays');
    const a = h.relay({ batchSize: 50 });
    const b = h.relay({ batchSize: 50, bus: await h.bus('relay-b') });
    a.start();
    b.start();
    await waitFor(async () => (await h.effectCounts()).distinct === 10_000 + events.length || undefined, {
      timeoutMs: 60_000,
      intervalMs: 200,
    });
    expect((await h.effectCounts()).doubled).toBe(0);
    const outOfOrder = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM (
        SELECT seq_in_case, lag(seq_in_case) OVER (PARTITION BY case_number ORDER BY applied_at, seq_in_case) AS prev
        FROM effects WHERE case_number LIKE 'two-relays-%') t
      WHERE prev IS NOT NULL AND seq_in_case <> prev + 1`.execute(h.consumer.db);
    expect(outOfOrder.rows[0]!.n).toBe(0);
  });

  it('R-PV-3: replaying a stream range rebuilds a consumer without doubling anything', async () => {
    const consumer = await h.consumerOf({ durable: 'rebuild-probe' });
    const first = await consumer.replayStream({ fromSeq: 1, toSeq: 100 });
    expect(first).toEqual({ applied: 100, duplicates: 0, failed: 0 });
    const again = await consumer.replayStream({ fromSeq: 1, toSeq: 100 });
    expect(again).toEqual({ applied: 0, duplicates: 100, failed: 0 });
  });
});
