import { sql, type Kysely, type Migration } from 'kysely';

/** Records, their versions, confirmations, evidence seen, views and the audit trail. */
export const records: Migration = {
  async up(db: Kysely<any>) {
    await sql`
      CREATE TABLE records (
        id uuid PRIMARY KEY,
        court text NOT NULL,
        division text,
        handler text NOT NULL,
        state text NOT NULL CHECK (state IN ('draft', 'entered')),
        revision integer NOT NULL,
        case_number text NOT NULL,
        stage text NOT NULL,
        form text NOT NULL,
        received_at timestamptz NOT NULL,
        communicated_at timestamptz NOT NULL,
        interferer jsonb NOT NULL,
        interferer_kind text NOT NULL,
        unit_type text NOT NULL,
        content text NOT NULL,
        special_items text[] NOT NULL,
        suggested_items text[] NOT NULL,
        severe boolean NOT NULL,
        involves_principal_leader boolean NOT NULL,
        place text,
        persons_present jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        entered_at timestamptz,
        copy_delivered_at timestamptz,
        copy_acknowledged_at timestamptz,
        copy_acknowledged_by text
      )`.execute(db);
    // R-RC-5: every classification is a filter within a court.
    for (const col of [
      'handler',
      'division',
      'interferer_kind',
      'unit_type',
      'form',
      'stage',
      'case_number',
      'received_at',
    ]) {
      await sql`CREATE INDEX ${sql.raw(`records_${col}`)} ON records (court, ${sql.ref(col)}, id)`.execute(
        db,
      );
    }
    await sql`CREATE INDEX records_special_items ON records USING gin (special_items)`.execute(db);

    await sql`
      CREATE TABLE record_versions (
        record_id uuid NOT NULL REFERENCES records(id),
        revision integer NOT NULL,
        snapshot jsonb NOT NULL,
        changed_by text NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now(),
        reason text NOT NULL,
        changed_fields text[] NOT NULL,
        PRIMARY KEY (record_id, revision)
      )`.execute(db);
    await sql`
      CREATE TABLE record_confirmations (
        record_id uuid NOT NULL REFERENCES records(id),
        staff_id text NOT NULL,
        confirmed_at timestamptz NOT NULL,
        PRIMARY KEY (record_id, staff_id)
      )`.execute(db);
    // No foreign key: evidence may be announced before its record's row is visible here.
    await sql`
      CREATE TABLE record_evidence (
        evidence_id uuid PRIMARY KEY,
        record_id uuid NOT NULL,
        court text NOT NULL,
        media_type text NOT NULL,
        sha256 text NOT NULL,
        uploaded_at timestamptz NOT NULL
      )`.execute(db);
    await sql`CREATE INDEX record_evidence_record ON record_evidence (record_id)`.execute(db);
    await sql`
      CREATE TABLE record_views (
        id bigserial PRIMARY KEY,
        record_id uuid NOT NULL,
        viewer text NOT NULL,
        viewer_court text NOT NULL,
        viewer_roles text[] NOT NULL,
        viewed_at timestamptz NOT NULL,
        address text NOT NULL
      )`.execute(db);
    await sql`CREATE INDEX record_views_record ON record_views (record_id, id)`.execute(db);
    // Entries are appended unsealed inside each transaction; the sealer links
    // committed ones into the court's hash chain (chain_pos, prev_hash, hash).
    await sql`
      CREATE TABLE audit_entries (
        seq bigserial PRIMARY KEY,
        court text NOT NULL,
        at timestamptz NOT NULL,
        actor text NOT NULL,
        action text NOT NULL,
        subject_id text NOT NULL,
        data jsonb NOT NULL,
        chain_pos bigint,
        prev_hash text,
        hash text UNIQUE,
        sealed_at timestamptz,
        UNIQUE (court, chain_pos)
      )`.execute(db);
    await sql`CREATE INDEX audit_entries_unsealed ON audit_entries (court, seq) WHERE hash IS NULL`.execute(
      db,
    );
    // Sealing fills the chain columns once; nothing else about an entry may ever change.
    await sql`
      CREATE FUNCTION audit_seal_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.hash IS NULL AND NEW.hash IS NOT NULL
           AND (OLD.seq, OLD.court, OLD.at, OLD.actor, OLD.action, OLD.subject_id, OLD.data)
             IS NOT DISTINCT FROM (NEW.seq, NEW.court, NEW.at, NEW.actor, NEW.action, NEW.subject_id, NEW.data) THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION '% on audit_entries is not allowed: the audit trail is permanent (R-PV-1, R-PV-2)', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`.execute(db);
    await sql`CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
      FOR EACH ROW EXECUTE FUNCTION audit_seal_only()`.execute(db);

    // R-PV-1: nothing recorded is ever deleted, and versions, confirmations, views and evidence never change.
    await sql`
      CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% on % is not allowed: records are permanent (R-PV-1)', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$`.execute(db);
    for (const t of ['record_versions', 'record_confirmations', 'record_views', 'record_evidence']) {
      await sql`CREATE TRIGGER ${sql.raw(`${t}_append_only`)} BEFORE UPDATE OR DELETE ON ${sql.table(t)}
        FOR EACH ROW EXECUTE FUNCTION refuse_change()`.execute(db);
    }
    await sql`CREATE TRIGGER records_no_delete BEFORE DELETE ON records FOR EACH ROW EXECUTE FUNCTION refuse_change()`.execute(
      db,
    );
  },
};
