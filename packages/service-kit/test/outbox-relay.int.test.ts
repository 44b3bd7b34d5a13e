import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { waitFor } from '@jir/testing';
import { buildEvent, defineEvent, type EventDefinition, type EventEnvelope } from '@jir/contracts';
import {
  OutboxRelay,
  appendEvent,
  createLogger,
  createMetrics,
  ensureStream,
  outboxRow,
  type RelayOptions,
} from '../src/index.js';
import { markOutboxForRepublish } from '../src/bin/outbox-republish.repository.js';
import { EXAMPLE_STREAM, noteCreated } from './example/example-service.js';
import { messagingHarness, type MessagingHarness } from './harness.js';

// One harness for the file (the mutation run repeats these tests once per mutant); each test
// counts only its own events on the stream.
let h: MessagingHarness;
const relays: OutboxRelay[] = [];
beforeAll(async () => {
  h = await messagingHarness();
});
afterAll(() => h.close());
// A relay claims every unpublished row of its database: rows an earlier test left waiting on
// purpose (or by failing half-way) would change what this test's passes take.
beforeEach(async () => {
  // The stream too, should a test that deletes it have failed before making it again.
  await ensureStream(h.producerBus.jsm, EXAMPLE_STREAM, h.namespace);
  await h.producer.db
    .updateTable('outbox')
    .set({ published_at: new Date() })
    .where('published_at', 'is', null)
    .execute();
});
afterEach(async () => {
  for (const r of relays.splice(0)) await r.stop();
});

/** An event kind no stream listens to: JetStream refuses its publish at once (no responders). */
const unrouted = defineEvent('unrouted.note.created', 1, z.object({ noteId: z.string() }));

const note = (caseNumber: string, seqInCase = 1) =>
  buildEvent(noteCreated, {
    court: 'JL-CC-NG',
    aggregateId: caseNumber,
    actor: null,
    data: { noteId: crypto.randomUUID(), caseNumber, seqInCase },
  });

/** Commits events to the outbox one transaction each, so their outbox order is the order given. */
async function commit(...events: [EventDefinition, EventEnvelope][]) {
  for (const [def, e] of events) await appendEvent(h.producer.db, def, e);
  return events.map(([, e]) => e.id);
}
const notes = (n: number, caseNumber: string) =>
  commit(
    ...Array.from({ length: n }, (_, i): [EventDefinition, EventEnvelope] => [
      noteCreated,
      note(caseNumber, i + 1),
    ]),
  );

/** The log lines a relay wrote, parsed (pino writes one JSON object per line). */
function captureLog() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    service: 'relay-test',
    level: 'debug',
    destination: { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) },
  });
  return { logger, lines };
}

/** A relay on this test's producer database and bus, stopped after the test. */
function relay(o: Partial<RelayOptions> = {}) {
  const r = new OutboxRelay({ db: h.producer.db, bus: h.producerBus, logger: captureLog().logger, ...o });
  relays.push(r);
  return r;
}

/** Which of these events the stream holds, in stream order: a double publish shows as a repeated id. */
async function onStream(ids: (string | undefined)[]): Promise<string[]> {
  const { state } = await h.producerBus.jsm.streams.info(h.stream);
  const found: string[] = [];
  for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
    const id = (await h.producerBus.jsm.streams.getMessage(h.stream, { seq }))?.json<{ id: string }>().id;
    if (id && ids.includes(id)) found.push(id);
  }
  return found;
}

/** Outbox rows by event id: whether published, and the failures recorded on them. */
async function rows(ids: string[]) {
  const found = await h.producer.db
    .selectFrom('outbox')
    .select(['id', 'published_at', 'attempts', 'last_error'])
    .where('id', 'in', ids)
    .execute();
  const byId = new Map(found.map((r) => [r.id, r]));
  return ids.map((id) => {
    const r = byId.get(id);
    return r && { published: r.published_at !== null, attempts: r.attempts, lastError: r.last_error };
  });
}
const published = { published: true, attempts: 0, lastError: null };
const waiting = { published: false, attempts: 0, lastError: null };

/**
 * A relay that stops inside its first batch, after publishing and before marking, holding the
 * batch's rows locked until the test lets go: `reached` settles when it is there.
 */
function heldRelay(o: Partial<RelayOptions> = {}) {
  let arrive!: () => void;
  let release!: () => void;
  const reached = new Promise<void>((r) => (arrive = r));
  const released = new Promise<void>((r) => (release = r));
  const r = relay({
    ...o,
    faults: {
      afterPublish: async () => {
        arrive();
        await released;
      },
    },
  });
  return { relay: r, reached, release };
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('outbox relay (R-PV-3)', () => {
  it('R-PV-3: an event is refused by the outbox when its type is not its definition’s', async () => {
    const e = note('mismatch');
    expect(() => outboxRow(unrouted, e)).toThrow(
      'event type example.note.created is not unrouted.note.created',
    );
    await expect(appendEvent(h.producer.db, unrouted, e)).rejects.toThrow(/is not unrouted\.note\.created/);
    expect(await rows([e.id])).toEqual([undefined]);
    // The matching definition writes the row the relay publishes: subject, aggregate and the event itself.
    expect(outboxRow(noteCreated, e)).toEqual({
      id: e.id,
      subject: 'example.note.created.v1',
      aggregate_id: 'mismatch',
      payload: JSON.stringify(e),
      published_at: null,
      last_error: null,
    });
  });

  it('R-PV-3: a pass publishes at most one batch, oldest first, and marks exactly what it published', async () => {
    const ids = await notes(7, 'batch');
    const r = relay({ batchSize: 3 });
    expect(await r.backlog()).toBe(7);

    expect(await r.drainOnce()).toBe(3);
    // Within a batch publishes run concurrently, so only the batch's membership is compared.
    expect(new Set(await onStream(ids))).toEqual(new Set(ids.slice(0, 3)));
    expect(await rows(ids)).toEqual([...Array(3).fill(published), ...Array(4).fill(waiting)]);
    expect(await r.backlog()).toBe(4);

    expect(await r.drainOnce()).toBe(3);
    expect(new Set((await onStream(ids)).slice(3))).toEqual(new Set(ids.slice(3, 6)));
    expect(await r.drainOnce()).toBe(1);
    expect(await r.drainOnce()).toBe(0);

    // Each event reached the stream once, and every row is kept, marked: the outbox is part of the trail.
    expect((await onStream(ids)).sort()).toEqual([...ids].sort());
    expect(await rows(ids)).toEqual(Array(7).fill(published));
    expect(await r.backlog()).toBe(0);
  });

  it('R-PV-3: two relays claim with SKIP LOCKED: a batch one relay holds is neither waited for nor published by the other', async () => {
    const ids = await notes(6, 'skip-locked');
    const held = heldRelay({ batchSize: 3 });
    const b = relay({ batchSize: 3 });
    const first = held.relay.drainOnce();
    await held.reached;
    // A holds the three oldest rows, published but not yet marked; B takes the next three at once.
    expect(await b.drainOnce()).toBe(3);
    expect(await b.drainOnce()).toBe(0);
    held.release();
    expect(await first).toBe(3);

    expect((await onStream(ids)).sort()).toEqual([...ids].sort());
    expect(await rows(ids)).toEqual(Array(6).fill(published));
  });

  it('R-PV-3: a batch the bus acknowledges in part: the acknowledged rows are marked and counted, the refused one keeps its error and waits', async () => {
    const { logger, lines } = captureLog();
    const metrics = createMetrics('relay-test', { defaultMetrics: false });
    const ids = await commit(
      [noteCreated, note('partial', 1)],
      [
        unrouted,
        buildEvent(unrouted, {
          court: 'JL-CC-NG',
          aggregateId: 'partial',
          actor: null,
          data: { noteId: 'n' },
        }),
      ],
      [noteCreated, note('partial', 2)],
    );
    const r = relay({ logger, metrics });
    const outboxPublished = async () =>
      (await metrics.registry.getSingleMetric('outbox_published_total')!.get()).values[0]?.value;

    expect(await r.drainOnce()).toBe(2);
    expect((await onStream(ids)).sort()).toEqual([ids[0], ids[2]].sort());
    expect(await rows(ids)).toEqual([
      published,
      { published: false, attempts: 1, lastError: 'publish not acknowledged' },
      published,
    ]);
    expect(await outboxPublished()).toBe(2);
    // The operator sees which event the bus refused, and why, under the relay's module.
    expect(lines.filter((l) => l['msg'] === 'publish failed')).toEqual([
      expect.objectContaining({ module: 'outbox-relay', id: ids[1], err: expect.stringMatching(/\S/) }),
    ]);

    // A pass in which nothing went out fails, so the worker backs off; its record of the try is rolled back with it.
    await expect(r.drainOnce()).rejects.toThrow('1 event(s) not acknowledged by the bus');
    expect(await rows(ids)).toEqual([
      published,
      { published: false, attempts: 1, lastError: 'publish not acknowledged' },
      published,
    ]);
    expect(await outboxPublished()).toBe(2);
    expect(await onStream(ids)).toHaveLength(2);
    expect(await r.backlog()).toBe(1);
  });

  it('R-NF-6: with the stream gone the relay backs off (to a try every 2 s at most) and says so, then publishes each event once when it is back', async () => {
    const { logger, lines } = captureLog();
    await h.producerBus.jsm.streams.delete(h.stream);
    const ids = await notes(2, 'stream-gone');
    const r = relay({ logger });
    r.start();
    const tries = () => lines.filter((l) => l['msg'] === 'publish failed' && l['id'] === ids[0]).length;
    await sleep(1_500);
    // Backing off (200 ms, doubling): a handful of tries, not one every idle poll (100 ms, two passes at once).
    expect(tries()).toBeGreaterThan(0);
    expect(tries()).toBeLessThanOrEqual(10);
    // Logged as a failed pass of the relay's worker. (Not asserted as once: the relay's second pass,
    // running at the same time, may find every row locked by the failing one, succeed empty and so
    // end the streak of failures.)
    const warnings = lines.filter((l) => l['msg'] === 'pass failed; backing off');
    expect(warnings.length).toBeGreaterThan(0);
    for (const w of warnings)
      expect(w).toMatchObject({ worker: r.name, err: '2 event(s) not acknowledged by the bus' });
    expect(r.name).toBe('outbox relay');

    // The wait stops doubling at 2 s: a long outage is still tried at least every 2 s by each of
    // the relay's two passes, so the events go out within about 2 s of the stream's return.
    await sleep(1_500);
    const atThreeSeconds = tries();
    await sleep(6_000);
    expect(tries() - atThreeSeconds).toBeGreaterThanOrEqual(4);
    expect(await rows(ids)).toEqual([waiting, waiting]);

    await ensureStream(h.producerBus.jsm, EXAMPLE_STREAM, h.namespace);
    await waitFor(async () => (await r.backlog()) === 0 || undefined, {
      timeoutMs: 10_000,
      what: 'the outbox drained once the stream is back',
    });
    expect((await onStream(ids)).sort()).toEqual([...ids].sort());
    expect(await rows(ids)).toEqual([published, published]);
  });

  it('R-PV-3: an idle relay waits its poll interval, and a wake after a commit publishes at once', async () => {
    const r = relay({ pollMs: 60_000 });
    const [first] = await notes(1, 'wake');
    r.start();
    await waitFor(async () => (await r.backlog()) === 0 || undefined, { what: 'the first pass' });
    // Both passes have looked and gone idle for a minute.
    await sleep(500);
    const [second] = await notes(1, 'wake');
    await sleep(1_000);
    expect(await rows([first!, second!])).toEqual([published, waiting]);
    r.wake();
    await waitFor(async () => (await r.backlog()) === 0 || undefined, {
      timeoutMs: 10_000,
      what: 'woken pass',
    });
    expect((await onStream([first, second])).sort()).toEqual([first, second].sort());
  });

  it('R-NF-6: stop waits for the batch in flight to be marked, and publishes nothing after', async () => {
    const { relay: r, reached, release } = heldRelay({ pollMs: 20 });
    const ids = await notes(3, 'stop');
    r.start();
    await reached;
    let stopped = false;
    const stopping = r.stop().then(() => (stopped = true));
    await sleep(300);
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(await rows(ids)).toEqual(Array(3).fill(published));

    const [late] = await notes(1, 'stop');
    r.wake();
    await sleep(500);
    expect(await rows([late!])).toEqual([waiting]);
    expect(await onStream([...ids, late])).toHaveLength(3);
  });

  it('R-PV-3: a hand-off of committed rows publishes and marks them at once, with no pass to claim them', async () => {
    const metrics = createMetrics('relay-test', { defaultMetrics: false });
    const counted = async () =>
      (await metrics.registry.getSingleMetric('outbox_published_total')!.get()).values[0]?.value ?? 0;
    const r = relay({ pollMs: 60_000, metrics });
    r.start();
    await waitFor(async () => (await r.backlog()) === 0 || undefined, { what: 'the first pass' });
    await sleep(300);
    const byThePass = await counted();
    const events = [note('hand-off', 1), note('hand-off', 2), note('hand-off', 3)];
    const ids = await commit(...events.map((e): [EventDefinition, EventEnvelope] => [noteCreated, e]));
    // The passes sleep for a minute: only the hand-off can publish these.
    r.handOff(events.map((e) => outboxRow(noteCreated, e)));
    await waitFor(async () => (await r.backlog()) === 0 || undefined, {
      timeoutMs: 10_000,
      what: 'hand-off',
    });
    expect(await rows(ids)).toEqual(Array(3).fill(published));
    // Counted as published by the hand-off that marked them, once each (counted just after the mark).
    await waitFor(async () => (await counted()) >= byThePass + 3 || undefined, { what: 'the count' });
    expect(await counted()).toBe(byThePass + 3);
    // Each reached the stream once, as the event itself.
    expect((await onStream(ids)).sort()).toEqual([...ids].sort());
    const { state } = await h.producerBus.jsm.streams.info(h.stream);
    const last = await h.producerBus.jsm.streams.getMessage(h.stream, { seq: state.last_seq });
    expect(events.map((e) => JSON.stringify(e))).toContain(JSON.stringify(last!.json()));
  });

  it('R-PV-3: a hand-off the bus refuses in part: the acknowledged row is marked, the refused one is left to a pass', async () => {
    const { logger, lines } = captureLog();
    const r = relay({ pollMs: 60_000, logger });
    r.start();
    await waitFor(async () => (await r.backlog()) === 0 || undefined, { what: 'the first pass' });
    await sleep(300);
    const ok = note('hand-off-partial');
    const refused = buildEvent(unrouted, {
      court: 'JL-CC-NG',
      aggregateId: 'hand-off-partial',
      actor: null,
      data: { noteId: 'n' },
    });
    const ids = await commit([noteCreated, ok], [unrouted, refused]);
    r.handOff([outboxRow(noteCreated, ok), outboxRow(unrouted, refused)]);
    // The hand-off wakes a pass for what it could not publish, long before the poll interval:
    // that pass tries it again (refused again, it backs off as for any batch the bus refuses).
    await waitFor(
      async () => (lines.some((l) => l['msg'] === 'pass failed; backing off') ? true : undefined),
      {
        timeoutMs: 10_000,
        what: 'a pass trying the refused row',
      },
    );
    expect((await rows(ids)).map((x) => x?.published)).toEqual([true, false]);
    expect(await onStream(ids)).toEqual([ok.id]);
  });

  it('R-PV-3: an event a pass marked before its hand-off is counted published once, not twice', async () => {
    const metrics = createMetrics('relay-test', { defaultMetrics: false });
    const events = [note('hand-off-count', 1), note('hand-off-count', 2)];
    await commit(...events.map((e): [EventDefinition, EventEnvelope] => [noteCreated, e]));
    const r = relay({ pollMs: 60_000, metrics });
    r.start();
    const counted = async () =>
      (await metrics.registry.getSingleMetric('outbox_published_total')!.get()).values[0]?.value ?? 0;
    await waitFor(async () => (await r.backlog()) === 0 || undefined, { what: 'the first pass' });
    // The first pass also publishes what earlier tests left waiting: what counts is what the hand-off adds.
    const byThePass = await counted();
    expect(byThePass).toBeGreaterThanOrEqual(2);
    // The pass got there first: the hand-off publishes again (the stream drops the copy) and marks nothing.
    r.handOff(events.map((e) => outboxRow(noteCreated, e)));
    await r.stop();
    expect(await counted()).toBe(byThePass);
  });

  it('R-NF-6: stop waits for hand-offs in flight; a hand-off after stop publishes nothing', async () => {
    const r = relay({ pollMs: 60_000 });
    r.start();
    await waitFor(async () => (await r.backlog()) === 0 || undefined, { what: 'the first pass' });
    const events = [note('hand-off-stop', 1), note('hand-off-stop', 2)];
    const ids = await commit(...events.map((e): [EventDefinition, EventEnvelope] => [noteCreated, e]));
    r.handOff(events.map((e) => outboxRow(noteCreated, e)));
    await r.stop();
    expect(await rows(ids)).toEqual([published, published]);

    const late = note('hand-off-stop', 3);
    const [lateId] = await commit([noteCreated, late]);
    r.handOff([outboxRow(noteCreated, late)]);
    await sleep(500);
    expect(await rows([lateId!])).toEqual([waiting]);
    expect(await onStream([...ids, lateId])).toHaveLength(2);
  });

  it('R-PV-3: outbox-republish marks events since an instant for publishing again; the stream keeps one copy of each', async () => {
    const ids = await notes(3, 'republish');
    const r = relay();
    expect(await r.drainOnce()).toBe(3);
    const url = h.producer.pool.options.connectionString!;
    // From the first of this test's events on (earlier tests' events in this database stay as they are).
    const created = await h.producer.db
      .selectFrom('outbox')
      .select((eb) => [eb.fn.min('created_at').as('first'), eb.fn.max('created_at').as('last')])
      .where('id', 'in', ids)
      .executeTakeFirstOrThrow();
    const last = new Date(created.last as Date);
    expect(await markOutboxForRepublish(url, new Date(last.getTime() + 1))).toBe(0);
    expect(await markOutboxForRepublish(url, created.first as Date)).toBe(3);
    expect(await rows(ids)).toEqual(Array(3).fill(waiting));

    // Published again with the same msgID inside the duplicate window: JetStream keeps the first copy.
    expect(await r.drainOnce()).toBe(3);
    expect(await rows(ids)).toEqual(Array(3).fill(published));
    expect((await onStream(ids)).sort()).toEqual([...ids].sort());
  });
});
