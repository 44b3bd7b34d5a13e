import type { Insertable, Kysely } from 'kysely';
import type { IntakeDB } from '../db/schema.js';

/** What is shown of an archived form: everything but its bytes. */
const META = ['record_id', 'revision', 'court', 'volume', 'sha256', 'archived_by', 'archived_at'] as const;

/** Keeps the archived form of one revision; undefined when that revision's form was archived already. */
export async function insertFormArchive(
  db: Kysely<IntakeDB>,
  row: Insertable<IntakeDB['information_form_archives']>,
) {
  return db
    .insertInto('information_form_archives')
    .values(row)
    .onConflict((oc) => oc.columns(['record_id', 'revision']).doNothing())
    .returning(META)
    .executeTakeFirst();
}

/** The archived forms of a record, oldest revision first, without their bytes. */
export async function formArchivesOf(db: Kysely<IntakeDB>, recordId: string) {
  return db
    .selectFrom('information_form_archives')
    .select(META)
    .select((eb) => eb.fn<number>('octet_length', [eb.ref('pdf')]).as('size'))
    .where('record_id', '=', recordId)
    .orderBy('revision')
    .execute();
}
