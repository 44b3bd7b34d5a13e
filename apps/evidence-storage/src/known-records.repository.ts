import type { Transaction } from 'kysely';
import type { EvidenceTables } from './db/schema.js';

type Trx = Transaction<EvidenceTables>;

/**
 * Keeps a record's facts unless the stored ones are newer: events of one
 * record may arrive in any order, so the revision decides, not arrival.
 * Equal revisions apply (entering changes no fact and keeps the revision;
 * two revision-0 events, from before revisions existed, behave as before:
 * the later arrival wins).
 */
export async function upsertRecordFacts(
  trx: Trx,
  r: {
    recordId: string;
    court: string;
    handler: string;
    division: string | null;
    form: string;
    revision: number;
    at: string;
  },
): Promise<void> {
  await trx
    .insertInto('known_records')
    .values({
      record_id: r.recordId,
      court: r.court,
      handler: r.handler,
      division: r.division,
      form: r.form,
      revision: r.revision,
      updated_at: r.at,
    })
    .onConflict((oc) =>
      oc
        .column('record_id')
        .doUpdateSet((eb) => ({
          form: eb.ref('excluded.form'),
          revision: eb.ref('excluded.revision'),
          updated_at: eb.ref('excluded.updated_at'),
        }))
        .where('known_records.revision', '<=', (eb) => eb.ref('excluded.revision')),
    )
    .execute();
}

/** An exempt opinion's facts never change: the first arrival is kept, any later one changes nothing. */
export async function insertOpinion(
  trx: Trx,
  o: { opinionId: string; court: string; handler: string; division: string | null; at: string },
): Promise<void> {
  await trx
    .insertInto('known_records')
    .values({
      record_id: o.opinionId,
      court: o.court,
      handler: o.handler,
      division: o.division,
      form: 'document',
      kind: 'exempt-opinion',
      updated_at: o.at,
    })
    .onConflict((oc) => oc.column('record_id').doNothing())
    .execute();
}
