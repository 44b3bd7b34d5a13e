import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Deadline breaches the deadline monitor reported (R-AB-1), one row per obligation: evidence
 * trial management may cite when it records a violation in the ledger, never an entry of it.
 */
export const deadlineBreaches: Migration = {
  async up(db: Kysely<any>) {
    await sql`
      CREATE TABLE deadline_breaches (
        obligation_id uuid PRIMARY KEY,
        court text NOT NULL,
        kind text NOT NULL,
        handler text,
        division text,
        record_id text,
        material_id text,
        quarter text,
        level text,
        due_date text NOT NULL,
        due_at timestamptz NOT NULL,
        breached_at timestamptz NOT NULL,
        event_id uuid NOT NULL
      )`.execute(db);
    // The listing: a court's breaches, or one staff member's, newest first.
    await sql`CREATE INDEX deadline_breaches_court_handler ON deadline_breaches (court, handler, breached_at DESC, obligation_id)`.execute(
      db,
    );
    await sql`CREATE INDEX deadline_breaches_court ON deadline_breaches (court, breached_at DESC, obligation_id)`.execute(
      db,
    );
  },
  async down(db: Kysely<any>) {
    await sql`DROP TABLE deadline_breaches`.execute(db);
  },
};
