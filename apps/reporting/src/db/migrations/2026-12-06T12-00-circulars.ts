import { sql, type Kysely, type Migration } from 'kysely';

/** Circulated (通报) compliance documents (R-RP-5): frozen, digested and signed like reports. */
export const circulars: Migration = {
  async up(db: Kysely<any>) {
    await sql`CREATE TABLE circulars (
      id text PRIMARY KEY,
      court text NOT NULL,
      quarter text NOT NULL,
      document jsonb NOT NULL,
      digest text NOT NULL,
      signature text NOT NULL,
      key_id text NOT NULL,
      circulated_by text NOT NULL,
      circulated_at timestamptz NOT NULL
    )`.execute(db);
    await sql`CREATE TRIGGER circulars_frozen BEFORE UPDATE OR DELETE ON circulars
      FOR EACH ROW EXECUTE FUNCTION reports_frozen()`.execute(db);
  },
};
