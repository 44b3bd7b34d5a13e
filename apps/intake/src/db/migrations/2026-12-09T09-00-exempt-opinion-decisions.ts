import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Art 6 (R-SC-4): trial management confirms a claimed exemption against the commission or
 * permission document, or rejects it; a wrongly exempted opinion is converted into a record.
 * The opinion row is append-only, so each decision is a row of its own and the history stays.
 * At most one confirmation and one conversion per opinion.
 */
export const exemptOpinionDecisions: Migration = {
  async up(db: Kysely<any>) {
    await sql`
      CREATE TABLE exempt_opinion_decisions (
        id bigserial PRIMARY KEY,
        opinion_id uuid NOT NULL REFERENCES exempt_opinions (id),
        court text NOT NULL,
        action text NOT NULL CHECK (action IN ('confirmed', 'rejected', 'converted')),
        decided_by text NOT NULL,
        decided_at timestamptz NOT NULL,
        document_evidence_id text,
        record_id uuid REFERENCES records (id),
        reason text,
        CHECK (action <> 'confirmed' OR document_evidence_id IS NOT NULL),
        CHECK (action <> 'converted' OR record_id IS NOT NULL)
      )`.execute(db);
    await sql`CREATE INDEX exempt_opinion_decisions_opinion ON exempt_opinion_decisions (opinion_id, id)`.execute(
      db,
    );
    await sql`CREATE UNIQUE INDEX exempt_opinion_decisions_one_confirmation ON exempt_opinion_decisions (opinion_id)
      WHERE action = 'confirmed'`.execute(db);
    await sql`CREATE UNIQUE INDEX exempt_opinion_decisions_one_conversion ON exempt_opinion_decisions (opinion_id)
      WHERE action = 'converted'`.execute(db);
    await sql`CREATE TRIGGER exempt_opinion_decisions_append_only BEFORE UPDATE OR DELETE ON exempt_opinion_decisions
      FOR EACH ROW EXECUTE FUNCTION refuse_change()`.execute(db);
  },
};
