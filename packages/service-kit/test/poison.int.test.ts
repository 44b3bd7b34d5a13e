import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '@jir/testing';
import { buildEvent, subjectFor } from '@jir/contracts';
import { bindMessagingMetrics, createMetrics } from '../src/index.js';
import { noteCreated } from './example/example-service.js';
import { messagingHarness, type MessagingHarness } from './harness.js';

// Each test gets databases, a namespace and a stream of its own: its parked and effect counts are exact,
// so messages another test left behind would change them.
let h: MessagingHarness;
beforeEach(async () => {
  h = await messagingHarness();
});
afterEach(() => h.close());

const subject = () => subjectFor(noteCreated.subject, h.namespace);
const good = (caseNumber: string) =>
  buildEvent(noteCreated, {
    court: 'JL-CC-NG',
    aggregateId: caseNumber,
    actor: null,
    data: { noteId: crypto.randomUUID(), caseNumber, seqInCase: 1 },
  });

describe('poison messages (R-PV-3)', () => {
  it('R-PV-3: a malformed message is parked, visible and replayable, and does not block those behind it', async () => {
    const consumer = await h.consumerOf();
    await consumer.start();
    const js = h.producerBus.js;
    await js.publish(subject(), 'this is not json');
    const broken = { ...good('broken'), data: { noteId: 'x' } };
    await js.publish(subject(), JSON.stringify(broken));
    for (let i = 0; i < 5; i++) await js.publish(subject(), JSON.stringify(good(`after-${i}`)));

    await waitFor(async () => (await h.effectCounts()).distinct === 5 || undefined, {
      what: 'messages behind the poison',
    });
    const parked = await waitFor(async () => {
      const p = await consumer.listParked();
      return p.length === 2 ? p : undefined;
    });
    expect(parked.map((p) => p.reason)).toEqual([
      expect.stringMatching(/^invalid/),
      expect.stringMatching(/^invalid/),
    ]);
    expect(parked[1]!.payload).toContain('"broken"');

    // The metrics a scrape shows: parked messages and lag per consumer, outbox backlog.
    const consumerMetrics = createMetrics('poison-test-consumer', { defaultMetrics: false });
    bindMessagingMetrics(consumerMetrics, { db: h.consumer.db, relay: h.relay(), consumers: [consumer] });
    await Promise.all(consumerMetrics.refreshers.map((r) => r()));
    expect(await consumerMetrics.registry.getSingleMetricAsString('parked_messages')).toMatch(
      /parked_messages\{consumer="example-consumer"[^}]*\} 2/,
    );
    expect(await consumerMetrics.registry.getSingleMetricAsString('outbox_backlog')).toMatch(
      /outbox_backlog\{[^}]*\} 0/,
    );

    // Replaying unchanged fails again and stays parked, with the error beside it.
    const again = await consumer.replayParked(parked[1]!.id);
    expect(again.ok).toBe(false);
    expect((await consumer.listParked()).length).toBe(2);

    // Corrected by hand, it applies once and leaves the parked list.
    const fixed = { ...broken, data: { noteId: crypto.randomUUID(), caseNumber: 'broken', seqInCase: 1 } };
    expect(await consumer.replayParked(parked[1]!.id, JSON.stringify(fixed))).toEqual({ ok: true });
    expect((await consumer.listParked()).map((p) => p.id)).toEqual([parked[0]!.id]);
    expect((await h.effectCounts()).distinct).toBe(6);
    // A second replay of the same row is a no-op.
    expect(await consumer.replayParked(parked[1]!.id, JSON.stringify(fixed))).toEqual({ ok: true });
    expect((await h.effectCounts()).distinct).toBe(6);
  });

  it('R-PV-3: a handler that keeps failing is retried, then parked, and the rest flow on', async () => {
    const consumer = await h.consumerOf({ durable: 'handler-failures', maxDeliveries: 3 });
    await consumer.start();
    await h.producerBus.js.publish(subject(), JSON.stringify(good('poison-handler')));
    await h.producerBus.js.publish(subject(), JSON.stringify(good('fine-after-handler-poison')));
    // This new durable also reads the stream's earlier malformed messages and parks them: look at the handler failure.
    const parked = await waitFor(
      async () => {
        const p = (await consumer.listParked()).filter((r) => r.payload.includes('poison-handler'));
        return p.length === 1 ? p : undefined;
      },
      { timeoutMs: 30_000 },
    );
    expect(parked[0]!.reason).toMatch(/handler failed 3 time/);
    await waitFor(async () => (await consumer.lag()) === 0 || undefined);
    // Terminated means gone: after another ack wait it is still parked once, not twice.
    await new Promise((r) => setTimeout(r, 2_500));
    expect((await consumer.listParked()).filter((r) => r.payload.includes('poison-handler'))).toHaveLength(1);
    const applied = await h.consumer.db
      .selectFrom('effects')
      .select('case_number')
      .where('case_number', '=', 'fine-after-handler-poison')
      .execute();
    expect(applied.length).toBeGreaterThan(0);
  });
});
