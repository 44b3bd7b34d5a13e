import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Acknowledgements across deployments (R-RP-3): a peer's court acknowledges
 * (签收) in its own inbox, so the sender would never learn of it unless the
 * receiving deployment pushes it back.
 * - acknowledgement_pushes, on the receiving side: one per acknowledged
 *   document and recipient, written with the acknowledgement itself and
 *   retried until the sending peer answers 2xx (pushed_at);
 * - peer_acknowledgements, on the sending side: the first acknowledgement
 *   a peer pushed for one of this deployment's deliveries (a repeat changes
 *   nothing), read beside the inbox's own acknowledgements.
 */
export const peerAcknowledgements: Migration = {
  async up(db: Kysely<any>) {
    await sql`CREATE TABLE acknowledgement_pushes (
      id text PRIMARY KEY,
      peer text NOT NULL,
      document_id text NOT NULL,
      digest text NOT NULL,
      recipient text NOT NULL,
      acknowledged_at timestamptz NOT NULL,
      acknowledged_by text NOT NULL,
      attempts int NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL,
      last_error text,
      pushed_at timestamptz,
      created_at timestamptz NOT NULL,
      UNIQUE (document_id, recipient)
    )`.execute(db);
    // The worker's claim: only what is still to push, by when it is next due.
    await sql`CREATE INDEX acknowledgement_pushes_due ON acknowledgement_pushes (next_attempt_at)
      WHERE pushed_at IS NULL`.execute(db);

    await sql`CREATE TABLE peer_acknowledgements (
      delivery_id text PRIMARY KEY REFERENCES deliveries (id),
      acknowledged_at timestamptz NOT NULL,
      acknowledged_by text NOT NULL,
      received_at timestamptz NOT NULL
    )`.execute(db);
  },
};
