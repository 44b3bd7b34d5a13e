import { sql, type Kysely, type Migration } from 'kysely';

/** Received materials, the filing form, each transfer hop, refused attempts, exempt opinions. */
export const materials: Migration = {
  async up(db: Kysely<any>) {
    await sql`
      CREATE TABLE materials (
        id uuid PRIMARY KEY,
        court text NOT NULL,
        case_number text NOT NULL,
        description text NOT NULL,
        sender jsonb NOT NULL,
        form text NOT NULL,
        received_at timestamptz NOT NULL,
        received_by text NOT NULL,
        received_division text,
        filing_number text UNIQUE,
        registered_by text,
        registered_at timestamptz,
        route jsonb,
        hops_done integer NOT NULL DEFAULT 0,
        holder text NOT NULL,
        delivered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`.execute(db);
    await sql`CREATE INDEX materials_court ON materials (court, id)`.execute(db);
    await sql`
      CREATE TABLE material_hops (
        material_id uuid NOT NULL REFERENCES materials(id),
        hop_no integer NOT NULL,
        hop text NOT NULL,
        from_sub text NOT NULL,
        to_sub text NOT NULL,
        at timestamptz NOT NULL,
        PRIMARY KEY (material_id, hop_no)
      )`.execute(db);
    await sql`
      CREATE TABLE refused_attempts (
        id bigserial PRIMARY KEY,
        court text NOT NULL,
        actor text NOT NULL,
        roles text[] NOT NULL,
        action text NOT NULL,
        subject_id text,
        code text NOT NULL,
        at timestamptz NOT NULL,
        address text NOT NULL
      )`.execute(db);
    await sql`CREATE INDEX refused_attempts_court ON refused_attempts (court, id)`.execute(db);
    await sql`
      CREATE TABLE exempt_opinions (
        id uuid PRIMARY KEY,
        court text NOT NULL,
        division text,
        handler text NOT NULL,
        case_number text NOT NULL,
        source text NOT NULL,
        organisation text NOT NULL,
        commission_reference text NOT NULL,
        content text NOT NULL,
        received_at timestamptz NOT NULL,
        volume text NOT NULL CHECK (volume = 'main'),
        created_at timestamptz NOT NULL
      )`.execute(db);
    await sql`CREATE INDEX exempt_opinions_court ON exempt_opinions (court, case_number)`.execute(db);
    for (const t of ['material_hops', 'refused_attempts', 'exempt_opinions']) {
      await sql`CREATE TRIGGER ${sql.raw(`${t}_append_only`)} BEFORE UPDATE OR DELETE ON ${sql.table(t)}
        FOR EACH ROW EXECUTE FUNCTION refuse_change()`.execute(db);
    }
    await sql`CREATE TRIGGER materials_no_delete BEFORE DELETE ON materials FOR EACH ROW EXECUTE FUNCTION refuse_change()`.execute(
      db,
    );
  },
};
