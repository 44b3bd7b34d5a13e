import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Art 5 (R-EV-4): the information form itself is archived in the case's secondary volume. The
 * archived copy is the PDF as rendered then, kept byte for byte with its digest (one per
 * revision of the record), append-only like everything recorded (R-PV-1).
 */
export const informationFormArchives: Migration = {
  async up(db: Kysely<any>) {
    await sql`
      CREATE TABLE information_form_archives (
        record_id uuid NOT NULL REFERENCES records (id),
        revision int NOT NULL,
        court text NOT NULL,
        volume text NOT NULL CHECK (volume = 'secondary'),
        pdf bytea NOT NULL,
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        archived_by text NOT NULL,
        archived_at timestamptz NOT NULL,
        PRIMARY KEY (record_id, revision)
      )`.execute(db);
    await sql`CREATE TRIGGER information_form_archives_append_only BEFORE UPDATE OR DELETE ON information_form_archives
      FOR EACH ROW EXECUTE FUNCTION refuse_change()`.execute(db);
  },
};
