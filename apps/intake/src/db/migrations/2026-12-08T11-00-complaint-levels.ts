import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Art 12 (R-AB-2): a complaint moves up level by level, and each court it reaches has a period
 * to report it to its committee. Each level is a row of its own (append-only like the
 * complaint), so the history of who held it when is kept; 'escalated' joins the actions.
 */
export const complaintLevels: Migration = {
  async up(db: Kysely<any>) {
    await sql`
      CREATE TABLE complaint_levels (
        complaint_id uuid NOT NULL REFERENCES complaints (id),
        level int NOT NULL CHECK (level >= 1),
        court text NOT NULL,
        committee text NOT NULL,
        received_at timestamptz NOT NULL,
        report_due_at timestamptz NOT NULL,
        escalated_by text,
        PRIMARY KEY (complaint_id, level)
      )`.execute(db);
    await sql`CREATE INDEX complaint_levels_court ON complaint_levels (court, complaint_id)`.execute(db);
    await sql`CREATE TRIGGER complaint_levels_append_only BEFORE UPDATE OR DELETE ON complaint_levels
      FOR EACH ROW EXECUTE FUNCTION refuse_change()`.execute(db);
    // Complaints filed before levels existed start at their receiving court; their period is
    // counted in plain days from filing, as the calendar-aware one was not kept then.
    await sql`
      INSERT INTO complaint_levels (complaint_id, level, court, committee, received_at, report_due_at)
      SELECT id, 1, receiving_court, committee, filed_at, filed_at + interval '5 days' FROM complaints`.execute(
      db,
    );
    await sql`ALTER TABLE complaint_actions DROP CONSTRAINT complaint_actions_action_check`.execute(db);
    await sql`ALTER TABLE complaint_actions ADD CONSTRAINT complaint_actions_action_check
      CHECK (action IN ('reported-to-committee', 'escalated', 'escalated-to-spc'))`.execute(db);
    await sql`ALTER TABLE complaint_actions ADD COLUMN level int`.execute(db);
  },
};
