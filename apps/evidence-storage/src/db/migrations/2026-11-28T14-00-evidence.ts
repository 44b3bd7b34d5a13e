import { sql, type Kysely, type Migration } from 'kysely';

/** Evidence metadata, chain of custody, and the records this service has heard of. */
export const evidence: Migration = {
  async up(db: Kysely<any>) {
    await sql`
      CREATE TABLE known_records (
        record_id uuid PRIMARY KEY,
        court text NOT NULL,
        handler text NOT NULL,
        division text,
        form text NOT NULL,
        kind text NOT NULL DEFAULT 'record' CHECK (kind IN ('record', 'exempt-opinion')),
        updated_at timestamptz NOT NULL
      )`.execute(db);
    await sql`
      CREATE TABLE evidence (
        id uuid PRIMARY KEY,
        record_id uuid NOT NULL,
        court text NOT NULL,
        object_key text NOT NULL UNIQUE,
        version_id text,
        size bigint NOT NULL,
        media_type text NOT NULL,
        sha256 text NOT NULL,
        sm3 text NOT NULL,
        file_name text NOT NULL,
        uploaded_by text NOT NULL,
        uploaded_at timestamptz NOT NULL,
        archive_volume text CHECK (archive_volume IN ('secondary', 'main')),
        archive_destination text
      )`.execute(db);
    await sql`CREATE INDEX evidence_record ON evidence (record_id, id)`.execute(db);
    await sql`
      CREATE TABLE custody_events (
        id bigserial PRIMARY KEY,
        evidence_id uuid NOT NULL REFERENCES evidence(id),
        action text NOT NULL,
        actor text NOT NULL,
        at timestamptz NOT NULL,
        detail jsonb NOT NULL
      )`.execute(db);
    await sql`CREATE INDEX custody_evidence ON custody_events (evidence_id, id)`.execute(db);
    await sql`
      CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% on % is not allowed: evidence is permanent (R-EV-3, R-PV-1)', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$`.execute(db);
    await sql`CREATE TRIGGER custody_append_only BEFORE UPDATE OR DELETE ON custody_events FOR EACH ROW EXECUTE FUNCTION refuse_change()`.execute(
      db,
    );
    await sql`CREATE TRIGGER evidence_no_delete BEFORE DELETE ON evidence FOR EACH ROW EXECUTE FUNCTION refuse_change()`.execute(
      db,
    );
  },
};
