import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql, type Kysely, type Transaction } from 'kysely';
import { z } from 'zod';
import { buildEvent, defineEvent, subjectFor, type EventEnvelope } from '@jir/contracts';
import { waitFor } from '@jir/testing';
import {
  defineConsumer,
  instantiateConsumer,
  on,
  onBatch,
  type ConsumerDefinition,
  type KitTables,
} from '../src/index.js';
import { EXAMPLE_STREAM } from './example/example-service.js';
import { logger, messagingHarness, type MessagingHarness } from './harness.js';

const noteRetitled = defineEvent(
  'example.note.retitled',
  1,
  z.object({ noteId: z.string(), title: z.string(), revision: z.number().int().positive() }),
);
const noteArchived = defineEvent('example.note.archived', 1, z.object({ noteId: z.string() }));

interface TitlesDB {
  titles: { note_id: string; title: string; revision: number; archived: boolean };
}
type Trx = Transaction<TitlesDB & KitTables>;
type Retitled = EventEnvelope<z.output<typeof noteRetitled.data>> & { type: 'example.note.retitled' };
type Archived = EventEnvelope<z.output<typeof noteArchived.data>> & { type: 'example.note.archived' };

/** One upsert per call: a statement cannot change a row twice, so one event per note per call. */
async function upsert(events: readonly (Retitled | Archived)[], trx: Trx) {
  const latest = new Map<string, { title: string; revision: number; archived: boolean }>();
  for (const e of events) {
    const was = latest.get(e.data.noteId) ?? { title: '', revision: 0, archived: false };
    latest.set(
      e.data.noteId,
      e.type === 'example.note.archived'
        ? { ...was, archived: true }
        : e.data.revision >= was.revision
          ? { ...was, title: e.data.title, revision: e.data.revision }
          : was,
    );
  }
  await trx
    .insertInto('titles')
    .values([...latest].map(([note_id, v]) => ({ note_id, ...v })))
    .onConflict((oc) =>
      oc.column('note_id').doUpdateSet({
        title: sql`CASE WHEN excluded.revision >= titles.revision THEN excluded.title ELSE titles.title END`,
        revision: sql`GREATEST(titles.revision, excluded.revision)`,
        archived: sql`titles.archived OR excluded.archived`,
      } as never),
    )
    .execute();
}

let h: MessagingHarness;
beforeEach(async () => {
  h = await messagingHarness();
  await sql`CREATE TABLE titles (note_id text PRIMARY KEY, title text NOT NULL, revision int NOT NULL, archived boolean NOT NULL)`.execute(
    h.consumer.db,
  );
});
afterEach(() => h.close());

/** Publishes events as a producer's relay would (msgID = event id), shuffled. */
async function publishShuffled(events: readonly EventEnvelope[], subjectOf: (e: EventEnvelope) => string) {
  const order = events.map((e) => ({ e, k: Math.random() })).sort((a, b) => a.k - b.k);
  for (const { e } of order)
    await h.producerBus.js.publish(subjectFor(subjectOf(e), h.namespace), JSON.stringify(e), { msgID: e.id });
}

function events(notes: string[]) {
  return notes.flatMap((noteId) => [
    ...[1, 2, 3].map((revision) =>
      buildEvent(noteRetitled, {
        court: 'JL-CC-NG',
        aggregateId: noteId,
        actor: null,
        data: { noteId, title: `${noteId}-第${revision}稿`, revision },
      }),
    ),
    buildEvent(noteArchived, { court: 'JL-CC-NG', aggregateId: noteId, actor: null, data: { noteId } }),
  ]);
}

const inboxCount = async () =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM inbox`.execute(h.consumer.db)).rows[0]!.n;

/** The running consumer of a definition, on a connection of its own. */
async function started(def: ConsumerDefinition<TitlesDB>) {
  const consumer = instantiateConsumer(def, {
    db: h.consumer.db as never,
    bus: await h.bus(def.durable!),
    logger,
    service: 'unused',
  });
  await consumer.start();
  return consumer;
}

describe('a batch handler (onBatch)', () => {
  it('R-PV-3: gets a fetched batch’s events of several kinds in one call, each once, and ends as one event at a time would', async () => {
    const calls: number[] = [];
    const def = defineConsumer<TitlesDB>({
      reads: EXAMPLE_STREAM,
      durable: 'batched',
      handlers: [
        onBatch([noteRetitled, noteArchived], async (evs, trx) => {
          calls.push(evs.length);
          await upsert(evs, trx);
        }),
      ],
    });
    const notes = Array.from({ length: 10 }, () => crypto.randomUUID());
    const all = events(notes);
    const subjectOf = (e: EventEnvelope) =>
      (e.type === noteArchived.type ? noteArchived : noteRetitled).subject;
    // Waiting on the stream before the consumer starts, so they are fetched together.
    await publishShuffled(all, subjectOf);
    // Some again under new message ids: the stream keeps them, so only the inbox can drop them.
    for (const e of all.slice(0, 8))
      await h.producerBus.js.publish(subjectFor(subjectOf(e), h.namespace), JSON.stringify(e), {
        msgID: crypto.randomUUID(),
      });
    const consumer = await started(def);
    await waitFor(async () => (await inboxCount()) === all.length || undefined, {
      what: 'every event applied',
    });
    await waitFor(async () => (await consumer.lag()) === 0 || undefined, {
      what: 'every message acknowledged',
    });
    await consumer.stop();

    // Batched: fewer calls than events; each event given to the handler once (the redeliveries not at all).
    expect(calls.length).toBeLessThan(all.length);
    expect(calls.reduce((a, b) => a + b, 0)).toBe(all.length);
    const db = h.consumer.db as unknown as Kysely<TitlesDB>;
    const rows = await db.selectFrom('titles').selectAll().orderBy('note_id').execute();
    expect(rows).toEqual(
      [...notes].sort().map((n) => ({ note_id: n, title: `${n}-第3稿`, revision: 3, archived: true })),
    );
  });

  it('R-PV-3: a failing batch is applied one message at a time through the same handler; the failing one is parked, the others applied', async () => {
    const calls: string[][] = [];
    const def = defineConsumer<TitlesDB>({
      reads: EXAMPLE_STREAM,
      durable: 'batched-failing',
      handlers: [
        onBatch([noteRetitled], async (evs, trx) => {
          calls.push(evs.map((e) => e.data.title));
          if (evs.some((e) => e.data.title === 'boom')) throw new Error('cannot apply boom');
          await upsert(evs, trx);
        }),
      ],
    });
    const notes = Array.from({ length: 6 }, () => crypto.randomUUID());
    const good = notes.map((noteId) =>
      buildEvent(noteRetitled, {
        court: 'JL-CC-NG',
        aggregateId: noteId,
        actor: null,
        data: { noteId, title: 'ok', revision: 1 },
      }),
    );
    const boom = buildEvent(noteRetitled, {
      court: 'JL-CC-NG',
      aggregateId: 'b',
      actor: null,
      data: { noteId: 'b', title: 'boom', revision: 1 },
    });
    await publishShuffled([...good, boom], () => noteRetitled.subject);
    const consumer = await started(def);
    const parked = await waitFor(
      async () => {
        const p = await consumer.listParked();
        return p.length === 1 ? p : undefined;
      },
      { what: 'the failing message parked', timeoutMs: 60_000 },
    );
    await consumer.stop();
    expect(parked[0]!.payload).toContain('"boom"');
    const db = h.consumer.db as unknown as Kysely<TitlesDB>;
    expect((await db.selectFrom('titles').select('note_id').execute()).map((r) => r.note_id).sort()).toEqual(
      [...notes].sort(),
    );
    // The failing message came in a batch with others, then was tried alone.
    expect(calls.some((c) => c.length > 1 && c.includes('boom'))).toBe(true);
    expect(calls.some((c) => c.length === 1 && c[0] === 'boom')).toBe(true);
  });

  it('R-PV-3: a consumer refuses an event kind with two handlers (each would think it had applied it)', () => {
    expect(() =>
      defineConsumer<TitlesDB>({
        reads: EXAMPLE_STREAM,
        handlers: [on(noteRetitled, async () => {}), onBatch([noteArchived, noteRetitled], async () => {})],
      }),
    ).toThrow(/example.note.retitled has two handlers/);
  });
});
