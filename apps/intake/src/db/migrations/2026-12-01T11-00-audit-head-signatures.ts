import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Signed heads of each court's audit chain, as published (R-PV-2). The copy that
 * counts is the published event kept outside this database; this one tells the
 * signer whether the head moved since it last published.
 */
export const auditHeadSignatures: Migration = {
  async up(db: Kysely<any>) {
    await sql`
      CREATE TABLE audit_head_signatures (
        id bigserial PRIMARY KEY,
        court text NOT NULL,
        position bigint NOT NULL,
        head_hash text NOT NULL,
        signed_at timestamptz NOT NULL,
        signature text NOT NULL,
        key_id text NOT NULL
      )`.execute(db);
    await sql`CREATE INDEX audit_head_signatures_court ON audit_head_signatures (court, id)`.execute(db);
    await sql`CREATE TRIGGER audit_head_signatures_append_only BEFORE UPDATE OR DELETE ON audit_head_signatures
      FOR EACH ROW EXECUTE FUNCTION refuse_change()`.execute(db);
  },
};
