import { sql, type Kysely, type Migration } from 'kysely';

/**
 * After entry a record's receipt time changes only with trial management's
 * approval, and the periods stay anchored to the receipt first stated (R-RC-4):
 * `first_received_at` keeps it (existing records: their receipt as it stands),
 * `receipt_corrections` the requests and decisions.
 */
export const receiptCorrections: Migration = {
  async up(db: Kysely<any>) {
    await sql`ALTER TABLE records ADD COLUMN first_received_at timestamptz`.execute(db);
    await sql`UPDATE records SET first_received_at = received_at`.execute(db);
    await sql`ALTER TABLE records ALTER COLUMN first_received_at SET NOT NULL`.execute(db);
    await sql`
      CREATE TABLE receipt_corrections (
        id uuid PRIMARY KEY,
        record_id uuid NOT NULL REFERENCES records (id),
        court text NOT NULL,
        received_at timestamptz NOT NULL,
        previous_received_at timestamptz NOT NULL,
        reason text NOT NULL,
        requested_by text NOT NULL,
        requested_at timestamptz NOT NULL,
        state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'rejected')),
        decided_by text,
        decided_at timestamptz,
        decision_note text,
        applied_revision integer
      )`.execute(db);
    // One open request per record: a second waits for the first's decision.
    await sql`CREATE UNIQUE INDEX receipt_corrections_one_pending ON receipt_corrections (record_id) WHERE state = 'pending'`.execute(
      db,
    );
    // Decided requests stay as they were decided (R-PV-1): updates only while pending, never deleted.
    await sql`CREATE TRIGGER receipt_corrections_no_delete BEFORE DELETE ON receipt_corrections FOR EACH ROW EXECUTE FUNCTION refuse_change()`.execute(
      db,
    );
  },
};
