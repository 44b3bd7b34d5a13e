import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The revision of the facts kept about each record: intake's events of one
 * record may arrive in any order, so an older event must not overwrite newer
 * facts. Rows from before are revision 0 (unknown), older than any event that
 * carries one.
 */
export const knownRecordRevisions: Migration = {
  async up(db: Kysely<any>) {
    await sql`ALTER TABLE known_records ADD COLUMN revision int NOT NULL DEFAULT 0`.execute(db);
  },
};
