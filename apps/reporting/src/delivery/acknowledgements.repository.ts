import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { newId } from '@jir/contracts';
import type { ReportingDB, ReportingTables } from '../db/schema.js';

type Db = Kysely<ReportingDB> | Transaction<ReportingDB>;
type Trx = Transaction<ReportingTables> | Transaction<ReportingDB>;
export type AcknowledgementPushRow = Selectable<ReportingTables['acknowledgement_pushes']>;

/**
 * Queues the acknowledgement of a document a peer pushed here, to be pushed
 * back to that peer. One per document and recipient: only the first
 * acknowledgement is told, however often or concurrently it is repeated.
 */
export async function queueAcknowledgementPush(
  trx: Trx,
  a: {
    peer: string;
    documentId: string;
    digest: string;
    recipient: string;
    acknowledgedAt: Date | string;
    acknowledgedBy: string;
    now: Date;
  },
): Promise<void> {
  await (trx as Transaction<ReportingTables>)
    .insertInto('acknowledgement_pushes')
    .values({
      id: newId(),
      peer: a.peer,
      document_id: a.documentId,
      digest: a.digest,
      recipient: a.recipient,
      acknowledged_at: a.acknowledgedAt,
      acknowledged_by: a.acknowledgedBy,
      next_attempt_at: a.now,
      created_at: a.now,
    })
    .onConflict((oc) => oc.columns(['document_id', 'recipient']).doNothing())
    .execute();
}

/** Acknowledgements still to push that are due, skipping those another worker holds. */
export function claimDueAcknowledgementPushes(trx: Transaction<ReportingDB>, now: Date, limit: number) {
  return sql<AcknowledgementPushRow>`
    SELECT * FROM acknowledgement_pushes
     WHERE pushed_at IS NULL AND next_attempt_at <= ${now}
     ORDER BY next_attempt_at
     LIMIT ${limit}
       FOR UPDATE SKIP LOCKED`;
}

export async function markAcknowledgementPushed(trx: Trx, id: string, at: Date): Promise<void> {
  await (trx as Transaction<ReportingTables>)
    .updateTable('acknowledgement_pushes')
    .set((eb) => ({ pushed_at: at, attempts: eb('attempts', '+', 1), last_error: null }))
    .where('id', '=', id)
    .execute();
}

/** This deployment's delivery of a document (by digest) to a recipient through a given peer. */
export async function findPeerDelivery(db: Db, f: { digest: string; recipient: string; peer: string }) {
  return db
    .selectFrom('deliveries')
    .select(['id', 'document_id'])
    .where('digest', '=', f.digest)
    .where('recipient', '=', f.recipient)
    .where('channel', '=', 'peer')
    .where('peer', '=', f.peer)
    .orderBy('created_at')
    .executeTakeFirst();
}

/**
 * Stores a peer's acknowledgement of a delivery unless one is already here;
 * either way answers the stored one, so the first acknowledgement stands.
 */
export async function storePeerAcknowledgement(
  trx: Trx,
  a: { deliveryId: string; acknowledgedAt: string; acknowledgedBy: string; now: Date },
): Promise<{ duplicate: boolean; acknowledgedAt: Date; acknowledgedBy: string }> {
  const t = trx as Transaction<ReportingTables>;
  const inserted = await t
    .insertInto('peer_acknowledgements')
    .values({
      delivery_id: a.deliveryId,
      acknowledged_at: a.acknowledgedAt,
      acknowledged_by: a.acknowledgedBy,
      received_at: a.now,
    })
    .onConflict((oc) => oc.column('delivery_id').doNothing())
    .returning(['acknowledged_at', 'acknowledged_by'])
    .executeTakeFirst();
  const row =
    inserted ??
    (await t
      .selectFrom('peer_acknowledgements')
      .select(['acknowledged_at', 'acknowledged_by'])
      .where('delivery_id', '=', a.deliveryId)
      .executeTakeFirstOrThrow());
  return {
    duplicate: !inserted,
    acknowledgedAt: new Date(row.acknowledged_at),
    acknowledgedBy: row.acknowledged_by,
  };
}
