import { sql, type Kysely, type Migration } from 'kysely';

/** Sample verification (R-BX-3): one draw per court and quarter, one verification per drawn record. */
export const sampleVerification: Migration = {
  async up(db: Kysely<any>) {
    await sql`
      CREATE TABLE sample_draws (
        id uuid PRIMARY KEY,
        court text NOT NULL,
        quarter text NOT NULL,
        share double precision NOT NULL,
        seed text NOT NULL,
        drawn_by text NOT NULL,
        drawn_at timestamptz NOT NULL,
        UNIQUE (court, quarter)
      )`.execute(db);
    await sql`
      CREATE TABLE sample_items (
        draw_id uuid NOT NULL REFERENCES sample_draws(id),
        record_id uuid NOT NULL REFERENCES records(id),
        PRIMARY KEY (draw_id, record_id)
      )`.execute(db);
    await sql`
      CREATE TABLE sample_verifications (
        draw_id uuid NOT NULL,
        record_id uuid NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('confirmed', 'disputed')),
        note text NOT NULL,
        verified_by text NOT NULL,
        verified_at timestamptz NOT NULL,
        PRIMARY KEY (draw_id, record_id),
        FOREIGN KEY (draw_id, record_id) REFERENCES sample_items(draw_id, record_id)
      )`.execute(db);
    for (const t of ['sample_draws', 'sample_items', 'sample_verifications']) {
      await sql`CREATE TRIGGER ${sql.raw(`${t}_append_only`)} BEFORE UPDATE OR DELETE ON ${sql.table(t)}
        FOR EACH ROW EXECUTE FUNCTION refuse_change()`.execute(db);
    }
  },
};
