import { sql, type Kysely, type Migration } from 'kysely';

/**
 * "No other person present" at a spoken approach is the handler's explicit statement (R-RC-3),
 * never read into an empty list of persons present, so it is a column of its own.
 */
export const noOtherPersonPresent: Migration = {
  async up(db: Kysely<any>) {
    await sql`ALTER TABLE records ADD COLUMN no_other_person_present boolean NOT NULL DEFAULT false`.execute(
      db,
    );
  },
};
