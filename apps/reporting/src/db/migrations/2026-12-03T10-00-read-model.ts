import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The read model (fed only by events, so it can be rebuilt by replaying the
 * streams) and what this service itself decides: reports, declarations,
 * deliveries and reports received from other deployments.
 */
export const readModel: Migration = {
  async up(db: Kysely<any>) {
    // One row per record, the facts of the highest revision seen (events arrive in any order).
    await sql`CREATE TABLE rm_records (
      record_id text PRIMARY KEY,
      court text NOT NULL,
      handler text NOT NULL,
      division text,
      case_number text NOT NULL,
      stage text NOT NULL,
      form text NOT NULL,
      interferer_kind text NOT NULL,
      unit_type text NOT NULL,
      identity_id text,
      interferer_name text,
      interferer_unit text,
      interferer_position text,
      special_items text[] NOT NULL,
      severe boolean NOT NULL,
      involves_principal_leader boolean NOT NULL,
      received_at timestamptz NOT NULL,
      quarter text NOT NULL,
      month text NOT NULL,
      entered_at timestamptz,
      revision int NOT NULL
    )`.execute(db);
    await sql`CREATE INDEX rm_records_court_quarter ON rm_records (court, quarter)`.execute(db);
    await sql`CREATE INDEX rm_records_identity ON rm_records (identity_id, quarter) WHERE identity_id IS NOT NULL`.execute(
      db,
    );
    // Obligations as the deadline monitor reports them; met and breached are kept side by side
    // (a breach can be followed by a late meeting), so the order of arrival does not matter.
    await sql`CREATE TABLE rm_obligations (
      obligation_id text PRIMARY KEY,
      court text NOT NULL,
      kind text NOT NULL,
      subject_id text NOT NULL,
      due_at timestamptz NOT NULL,
      met_at timestamptz,
      late_by_ms bigint,
      breached_at timestamptz
    )`.execute(db);
    await sql`CREATE INDEX rm_obligations_subject ON rm_obligations (subject_id, kind)`.execute(db);
    await sql`CREATE TABLE rm_sample_verifications (
      draw_id text NOT NULL,
      record_id text NOT NULL,
      court text NOT NULL,
      quarter text NOT NULL,
      outcome text NOT NULL,
      verified_at timestamptz NOT NULL,
      PRIMARY KEY (draw_id, record_id)
    )`.execute(db);

    await sql`CREATE TABLE declarations (
      id text PRIMARY KEY,
      court text NOT NULL,
      handler text NOT NULL,
      quarter text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('nothing', 'complete')),
      declared_at timestamptz NOT NULL,
      UNIQUE (court, handler, quarter)
    )`.execute(db);

    // A report version is frozen: nothing updates or deletes it (a trigger refuses both).
    await sql`CREATE TABLE reports (
      id text PRIMARY KEY,
      court text NOT NULL,
      quarter text NOT NULL,
      version int NOT NULL,
      snapshot jsonb NOT NULL,
      digest text NOT NULL,
      signature text NOT NULL,
      key_id text NOT NULL,
      generated_at timestamptz NOT NULL,
      UNIQUE (court, quarter, version)
    )`.execute(db);
    await sql`CREATE FUNCTION reports_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'a report snapshot never changes (R-PV-1)'; END $$`.execute(db);
    await sql`CREATE TRIGGER reports_frozen BEFORE UPDATE OR DELETE ON reports
      FOR EACH ROW EXECUTE FUNCTION reports_frozen()`.execute(db);
  },
};
