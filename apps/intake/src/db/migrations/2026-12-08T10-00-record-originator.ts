import { sql, type Kysely, type Migration } from 'kysely';

/**
 * A record links to the identity of the person its request started with (R-SC-2): the originator
 * of a passed-on request, or the cadre behind staff or relatives, so that the same cadre shows
 * across records even when others speak for them.
 */
export const recordOriginator: Migration = {
  async up(db: Kysely<any>) {
    await sql`ALTER TABLE records ADD COLUMN originator_identity_id uuid REFERENCES interferer_identities (id)`.execute(
      db,
    );
    await sql`CREATE INDEX records_originator_identity ON records (originator_identity_id) WHERE originator_identity_id IS NOT NULL`.execute(
      db,
    );
  },
};
