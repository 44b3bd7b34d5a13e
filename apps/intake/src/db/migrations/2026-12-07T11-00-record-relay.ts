import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Art 16 (R-SC-5): an outsider's request passed on by a court leader or staff
 * member stays an external record, with the internal relay kept beside the
 * interferer (null: nobody inside a court passed it on).
 */
export const recordRelay: Migration = {
  async up(db: Kysely<any>) {
    await sql`ALTER TABLE records ADD COLUMN relayed_by jsonb`.execute(db);
  },
};
