import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely, type Transaction } from 'kysely';
import { z } from 'zod';
import { buildEvent, defineEvent, subjectFor, type EventEnvelope } from '@jir/contracts';
import { waitFor } from '@jir/testing';
import { defineConsumer, instantiateConsumer, on, type KitTables } from '../src/index.js';
import { EXAMPLE_STREAM } from './example/example-service.js';
import { logger, messagingHarness, type MessagingHarness } from './harness.js';

/** A note's title changed; `revision` is the note's version after the change. */
const noteRetitled = defineEvent(
  'example.note.retitled',
  1,
  z.object({ noteId: z.string(), title: z.string(), revision: z.number().int().positive().optional() }),
);

interface TitlesDB {
  titles: { note_id: string; title: string; revision: number };
  naive_titles: { note_id: string; title: string };
}
type Trx = Transaction<TitlesDB & KitTables>;
type Retitled = EventEnvelope<z.output<typeof noteRetitled.data>>;

/** The rule of on(): compare revisions; an event without one counts as 0. */
async function keepNewest(e: Retitled, trx: Trx) {
  const revision = e.data.revision ?? 0;
  await trx
    .insertInto('titles')
    .values({ note_id: e.data.noteId, title: e.data.title, revision })
    .onConflict((oc) =>
      oc
        .column('note_id')
        .doUpdateSet((eb) => ({ title: eb.ref('excluded.title'), revision: eb.ref('excluded.revision') }))
        .where('titles.revision', '<=', (eb) => eb.ref('excluded.revision')),
    )
    .execute();
}

/** What a handler that trusts arrival order does: the last one to arrive wins. */
async function lastArrivalWins(e: Retitled, trx: Trx) {
  await trx
    .insertInto('naive_titles')
    .values({ note_id: e.data.noteId, title: e.data.title })
    .onConflict((oc) => oc.column('note_id').doUpdateSet({ title: e.data.title }))
    .execute();
}

let h: MessagingHarness;
beforeAll(async () => {
  h = await messagingHarness();
  await sql`CREATE TABLE titles (note_id text PRIMARY KEY, title text NOT NULL, revision int NOT NULL)`.execute(
    h.consumer.db,
  );
  await sql`CREATE TABLE naive_titles (note_id text PRIMARY KEY, title text NOT NULL)`.execute(h.consumer.db);
});
afterAll(() => h.close());

describe('a consumer receiving one aggregate’s events in reverse order', () => {
  it('R-PV-3: a handler that compares revisions ends with the newest facts; one that trusts arrival order does not', async () => {
    const bus = await h.bus('reorder');
    const consumers = [
      defineConsumer<TitlesDB>({
        reads: EXAMPLE_STREAM,
        durable: 'revision-aware',
        handlers: [on(noteRetitled, keepNewest)],
      }),
      defineConsumer<TitlesDB>({
        reads: EXAMPLE_STREAM,
        durable: 'arrival-order',
        handlers: [on(noteRetitled, lastArrivalWins)],
      }),
    ].map((def) =>
      instantiateConsumer(def, {
        db: h.consumer.db as never,
        bus,
        logger,
        service: 'unused',
      }),
    );
    for (const c of consumers) await c.start();
    const noteId = crypto.randomUUID();
    // Newest first, then an event from before revisions existed, then the older ones.
    const events = [
      { title: '第三稿', revision: 3 },
      { title: '无版本', revision: undefined },
      { title: '第一稿', revision: 1 },
      { title: '第二稿', revision: 2 },
    ].map((d) =>
      buildEvent(noteRetitled, {
        court: 'JL-CC-NG',
        aggregateId: noteId,
        actor: null,
        data: { noteId, title: d.title, ...(d.revision ? { revision: d.revision } : {}) },
      }),
    );
    for (const e of events)
      await bus.js.publish(subjectFor(noteRetitled.subject, bus.namespace), JSON.stringify(e), {
        msgID: e.id,
      });
    await waitFor(
      async () =>
        Number(
          (
            await h.consumer.db
              .selectFrom('inbox' as never)
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        ) === 8 || undefined,
      { what: 'four events through both consumers' },
    );
    for (const c of consumers) await c.stop();
    const db = h.consumer.db as unknown as Kysely<TitlesDB>;
    expect(await db.selectFrom('titles').select(['title', 'revision']).execute()).toEqual([
      { title: '第三稿', revision: 3 },
    ]);
    // The control: arrival order left the oldest-but-one title, so the events really were reversed.
    expect(await db.selectFrom('naive_titles').select('title').execute()).toEqual([{ title: '第二稿' }]);
  });
});
