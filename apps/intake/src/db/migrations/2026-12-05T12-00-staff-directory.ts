import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Each court's staff directory, loaded from the personnel system (R-AC-1, R-TR-1):
 * people who leave keep their row with `active_until` set, so history still names
 * them. People seen with valid tokens but absent from the directory are kept for
 * trial management to review.
 */
export const staffDirectory: Migration = {
  async up(db: Kysely<any>) {
    await sql`
      CREATE TABLE staff (
        court text NOT NULL,
        id text NOT NULL,
        name text NOT NULL,
        division text,
        roles text[] NOT NULL DEFAULT '{}',
        active_from timestamptz,
        active_until timestamptz,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (court, id)
      )`.execute(db);
    await sql`CREATE INDEX staff_court_division ON staff (court, division)`.execute(db);
    await sql`
      CREATE TABLE staff_sightings (
        court text NOT NULL,
        sub text NOT NULL,
        name text,
        division text,
        roles text[] NOT NULL DEFAULT '{}',
        first_seen timestamptz NOT NULL,
        last_seen timestamptz NOT NULL,
        PRIMARY KEY (court, sub)
      )`.execute(db);
  },
};
