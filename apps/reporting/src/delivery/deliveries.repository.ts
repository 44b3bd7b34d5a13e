import { sql, type Insertable, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { ReportingDB, ReportingTables } from '../db/schema.js';

type Db = Kysely<ReportingDB> | Transaction<ReportingDB>;
type Trx = Transaction<ReportingTables> | Transaction<ReportingDB>;
export type DeliveryRow = Selectable<ReportingTables['deliveries']>;
export type NewDelivery = Insertable<ReportingTables['deliveries']>;
export type ReceivedRow = Selectable<ReportingTables['received_documents']>;

/** New deliveries; one per document and recipient, so sending twice (or a replay) adds nothing. */
export async function insertDeliveries(trx: Trx, rows: NewDelivery[]): Promise<void> {
  if (rows.length === 0) return;
  await (trx as Transaction<ReportingTables>)
    .insertInto('deliveries')
    .values(rows)
    .onConflict((oc) => oc.columns(['document_id', 'recipient']).doNothing())
    .execute();
}

/**
 * Deliveries with the recipient's acknowledgement: from the inbox where the
 * recipient court is served by this deployment, or as the peer serving it
 * pushed it back (R-RP-3).
 */
function deliveriesWithAcknowledgement(db: Db) {
  return db
    .selectFrom('deliveries as d')
    .leftJoin('received_documents as r', (j) =>
      j.onRef('r.document_id', '=', 'd.document_id').onRef('r.recipient', '=', 'd.recipient'),
    )
    .leftJoin('peer_acknowledgements as pa', 'pa.delivery_id', 'd.id')
    .selectAll('d')
    .select((eb) => [
      eb.fn.coalesce('r.acknowledged_at', 'pa.acknowledged_at').as('ack_at'),
      eb.fn.coalesce('r.acknowledged_by', 'pa.acknowledged_by').as('ack_by'),
    ]);
}

/** A document's deliveries (a report's, or a record's escalation hops), in hop and recipient order. */
export async function listDeliveries(db: Db, f: { documentIds?: string[]; recordId?: string }) {
  let q = deliveriesWithAcknowledgement(db);
  if (f.documentIds) {
    if (f.documentIds.length === 0) return [];
    q = q.where('d.document_id', 'in', f.documentIds);
  }
  if (f.recordId) q = q.where('d.record_id', '=', f.recordId);
  return q.orderBy('d.created_at').orderBy('d.hop').orderBy('d.recipient').limit(1000).execute();
}

export async function findDelivery(db: Db, id: string) {
  return deliveriesWithAcknowledgement(db).where('d.id', '=', id).executeTakeFirst();
}

/**
 * Pending deliveries that are due, skipping those another worker holds. An
 * escalation hop waits until every lower hop of the same record is delivered
 * (level by level, R-RP-2).
 */
export function claimDueDeliveries(trx: Transaction<ReportingDB>, now: Date, limit: number) {
  return sql<DeliveryRow>`
    SELECT d.* FROM deliveries d
     WHERE d.status = 'pending' AND d.next_attempt_at <= ${now}
       AND NOT EXISTS (SELECT 1 FROM deliveries p
                        WHERE p.document_id = d.document_id AND p.hop < d.hop
                          AND p.recipient_kind = 'court'
                          -- A level no peer serves waits for configuration, not the levels above it.
                          AND p.status NOT IN ('delivered', 'no-route'))
     ORDER BY d.next_attempt_at, d.hop
     LIMIT ${limit}
       FOR UPDATE OF d SKIP LOCKED`;
}

export async function markDelivered(trx: Trx, id: string, at: Date | string): Promise<void> {
  await (trx as Transaction<ReportingTables>)
    .updateTable('deliveries')
    .set((eb) => ({
      status: 'delivered',
      delivered_at: at,
      attempts: eb('attempts', '+', 1),
      last_error: null,
    }))
    .where('id', '=', id)
    .execute();
}

/** Rows tried until the other side takes them: deliveries, and acknowledgements pushed back to peers. */
export type RetriedTable = 'deliveries' | 'acknowledgement_pushes';

/** A failed attempt: the error kept for the sender to see, the next try pushed back. */
export async function markAttemptFailed(
  trx: Trx,
  id: string,
  error: string,
  nextAt: Date,
  table: RetriedTable = 'deliveries',
): Promise<void> {
  await (trx as Transaction<ReportingTables>)
    .updateTable(table)
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      last_error: error.slice(0, 1000),
      next_attempt_at: nextAt,
    }))
    .where('id', '=', id)
    .execute();
}

/** A committee delivery done by hand: who, when, how (only once). */
export async function recordHandover(
  trx: Trx,
  id: string,
  h: { by: string; at: string; method: string; note: string | null },
): Promise<boolean> {
  const r = await (trx as Transaction<ReportingTables>)
    .updateTable('deliveries')
    .set({
      status: 'delivered',
      delivered_at: h.at,
      handover_by: h.by,
      handover_at: h.at,
      handover_method: h.method,
      handover_note: h.note,
    })
    .where('id', '=', id)
    .where('status', '=', 'awaiting-handover')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Stores a received document unless it is already here; either way answers
 * the first receipt, so a repeated push is acknowledged again and counted once.
 */
export async function storeReceived(
  trx: Trx,
  row: Insertable<ReportingTables['received_documents']>,
): Promise<{ duplicate: boolean; receivedAt: Date }> {
  const t = trx as Transaction<ReportingTables>;
  const inserted = await t
    .insertInto('received_documents')
    .values(row)
    .onConflict((oc) => oc.columns(['document_id', 'recipient']).doNothing())
    .returning('received_at')
    .executeTakeFirst();
  if (inserted) return { duplicate: false, receivedAt: new Date(inserted.received_at) };
  const had = await t
    .selectFrom('received_documents')
    .select(['received_at', 'digest'])
    .where('document_id', '=', row.document_id)
    .where('recipient', '=', row.recipient)
    .executeTakeFirstOrThrow();
  return { duplicate: true, receivedAt: new Date(had.received_at) };
}

/** The digest already stored for a document and recipient, if any. */
export async function receivedDigest(db: Db, documentId: string, recipient: string) {
  const r = await db
    .selectFrom('received_documents')
    .select('digest')
    .where('document_id', '=', documentId)
    .where('recipient', '=', recipient)
    .executeTakeFirst();
  return r?.digest;
}

/** Inbox items of the given recipient courts, newest first. */
export async function listInbox(
  db: Db,
  f: { recipients: string[]; quarter?: string | undefined; kind?: string | undefined },
) {
  if (f.recipients.length === 0) return [];
  let q = db.selectFrom('received_documents').selectAll().where('recipient', 'in', f.recipients);
  if (f.quarter) q = q.where('quarter', '=', f.quarter);
  if (f.kind) q = q.where('kind', '=', f.kind as ReceivedRow['kind']);
  return q.orderBy('received_at', 'desc').orderBy('document_id').limit(500).execute();
}

export async function findReceived(db: Db, documentId: string, recipient: string) {
  return db
    .selectFrom('received_documents')
    .selectAll()
    .where('document_id', '=', documentId)
    .where('recipient', '=', recipient)
    .executeTakeFirst();
}

/** The first acknowledgement stands; a second one changes nothing. */
export async function acknowledgeReceived(
  trx: Trx,
  documentId: string,
  recipient: string,
  by: string,
  at: Date,
): Promise<void> {
  await (trx as Transaction<ReportingTables>)
    .updateTable('received_documents')
    .set({ acknowledged_at: at, acknowledged_by: by })
    .where('document_id', '=', documentId)
    .where('recipient', '=', recipient)
    .where('acknowledged_at', 'is', null)
    .execute();
}

/** The newest received quarterly report of each lower court for the recipient's quarter. */
export async function latestReceivedReports(db: Db, recipient: string, quarter: string) {
  const { rows } = await sql<ReceivedRow>`
    SELECT DISTINCT ON (from_court) * FROM received_documents
     WHERE recipient = ${recipient} AND quarter = ${quarter} AND kind = 'quarterly-report'
     ORDER BY from_court, version DESC, received_at DESC`.execute(db);
  return rows;
}
