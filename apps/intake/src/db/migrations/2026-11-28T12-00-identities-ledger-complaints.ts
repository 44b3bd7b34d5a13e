import { sql, type Kysely, type Migration } from 'kysely';

/** Interferer identities (R-BX-2), the accountability ledger (R-AB-1), retaliation complaints (R-AB-2). */
export const identitiesLedgerComplaints: Migration = {
  async up(db: Kysely<any>) {
    await sql`
      CREATE TABLE interferer_identities (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        unit text NOT NULL,
        position text NOT NULL,
        merged_into uuid REFERENCES interferer_identities(id),
        created_at timestamptz NOT NULL
      )`.execute(db);
    // Normalised name|unit|position → identity; a merge re-points the keys of the merged identity.
    await sql`
      CREATE TABLE identity_keys (
        key text PRIMARY KEY,
        identity_id uuid NOT NULL REFERENCES interferer_identities(id)
      )`.execute(db);
    await sql`
      CREATE TABLE identity_changes (
        id bigserial PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('merge', 'split')),
        identity_id uuid NOT NULL,
        other_id uuid NOT NULL,
        record_id uuid,
        reason text NOT NULL,
        changed_by text NOT NULL,
        court text NOT NULL,
        at timestamptz NOT NULL
      )`.execute(db);
    await sql`ALTER TABLE records ADD COLUMN identity_id uuid REFERENCES interferer_identities(id)`.execute(
      db,
    );
    await sql`CREATE INDEX records_identity ON records (identity_id)`.execute(db);

    await sql`
      CREATE TABLE accountability_entries (
        id uuid PRIMARY KEY,
        court text NOT NULL,
        staff text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('failure-to-record', 'untruthful-record', 'instructed-by-supervisor')),
        record_id uuid,
        description text NOT NULL,
        evidence jsonb NOT NULL,
        prior_violations integer NOT NULL,
        suggested_measures text[] NOT NULL,
        suggested_article integer,
        found_by text NOT NULL,
        found_at timestamptz NOT NULL
      )`.execute(db);
    await sql`CREATE INDEX accountability_staff ON accountability_entries (court, staff, found_at)`.execute(
      db,
    );

    await sql`
      CREATE TABLE complaints (
        id uuid PRIMARY KEY,
        from_court text NOT NULL,
        complainant text NOT NULL,
        receiving_court text NOT NULL,
        committee text NOT NULL,
        against text NOT NULL,
        description text NOT NULL,
        filed_at timestamptz NOT NULL
      )`.execute(db);
    await sql`CREATE INDEX complaints_receiving ON complaints (receiving_court, id)`.execute(db);
    await sql`
      CREATE TABLE complaint_actions (
        id bigserial PRIMARY KEY,
        complaint_id uuid NOT NULL REFERENCES complaints(id),
        action text NOT NULL CHECK (action IN ('reported-to-committee', 'escalated-to-spc')),
        note text NOT NULL,
        by_sub text NOT NULL,
        at timestamptz NOT NULL
      )`.execute(db);
    for (const t of ['identity_changes', 'accountability_entries', 'complaints', 'complaint_actions']) {
      await sql`CREATE TRIGGER ${sql.raw(`${t}_append_only`)} BEFORE UPDATE OR DELETE ON ${sql.table(t)}
        FOR EACH ROW EXECUTE FUNCTION refuse_change()`.execute(db);
    }
  },
};
