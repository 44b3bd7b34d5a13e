import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Routing and delivery (R-RP-2, R-RP-3): what this deployment sends (one row
 * per document and recipient, retried until acknowledged) and what it
 * received, from its own courts or from peers (one row per document and
 * recipient, so a repeated push is stored and counted once).
 */
export const deliveries: Migration = {
  async up(db: Kysely<any>) {
    await sql`CREATE TABLE deliveries (
      id text PRIMARY KEY,
      document_kind text NOT NULL CHECK (document_kind IN ('quarterly-report', 'severe-escalation', 'compliance-circular')),
      document_id text NOT NULL,
      court text NOT NULL,
      quarter text,
      record_id text,
      recipient text NOT NULL,
      recipient_kind text NOT NULL CHECK (recipient_kind IN ('court', 'committee')),
      channel text NOT NULL CHECK (channel IN ('inbox', 'peer', 'committee', 'none')),
      peer text,
      hop int NOT NULL DEFAULT 0,
      document jsonb NOT NULL,
      digest text NOT NULL,
      signature text NOT NULL,
      key_id text NOT NULL,
      status text NOT NULL CHECK (status IN ('pending', 'delivered', 'awaiting-handover', 'no-route')),
      attempts int NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL,
      last_error text,
      delivered_at timestamptz,
      handover_by text,
      handover_at timestamptz,
      handover_method text,
      handover_note text,
      created_at timestamptz NOT NULL,
      UNIQUE (document_id, recipient)
    )`.execute(db);
    // The worker's claim: only pending rows, by when they are next due.
    await sql`CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending'`.execute(
      db,
    );
    await sql`CREATE INDEX deliveries_record ON deliveries (record_id) WHERE record_id IS NOT NULL`.execute(
      db,
    );

    await sql`CREATE TABLE received_documents (
      document_id text NOT NULL,
      recipient text NOT NULL,
      kind text NOT NULL,
      from_court text NOT NULL,
      quarter text,
      version int,
      document jsonb NOT NULL,
      digest text NOT NULL,
      signature text NOT NULL,
      key_id text NOT NULL,
      source text NOT NULL,
      received_at timestamptz NOT NULL,
      acknowledged_at timestamptz,
      acknowledged_by text,
      PRIMARY KEY (document_id, recipient)
    )`.execute(db);
    await sql`CREATE INDEX received_documents_recipient ON received_documents (recipient, quarter)`.execute(
      db,
    );
  },
};
