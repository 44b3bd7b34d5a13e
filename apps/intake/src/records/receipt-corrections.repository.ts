import type { Insertable, Kysely, Selectable } from 'kysely';
import type { IntakeDB, ReceiptCorrectionTables } from '../db/schema.js';

type Db = Kysely<IntakeDB>;
export type ReceiptCorrectionRow = Selectable<ReceiptCorrectionTables['receipt_corrections']>;

/** The record's pending request, if any (one at a time). */
export function findPendingCorrection(db: Db, recordId: string) {
  return db
    .selectFrom('receipt_corrections')
    .selectAll()
    .where('record_id', '=', recordId)
    .where('state', '=', 'pending')
    .executeTakeFirst();
}

/** One request of the record, locked for its decision. */
export function lockCorrection(trx: Db, recordId: string, id: string) {
  return trx
    .selectFrom('receipt_corrections')
    .selectAll()
    .where('id', '=', id)
    .where('record_id', '=', recordId)
    .forUpdate()
    .executeTakeFirst();
}

export function insertCorrection(trx: Db, row: Insertable<ReceiptCorrectionTables['receipt_corrections']>) {
  return trx.insertInto('receipt_corrections').values(row).returningAll().executeTakeFirstOrThrow();
}

/** Writes the decision on a pending request (decided ones are never changed). */
export function decideCorrection(
  trx: Db,
  id: string,
  d: { state: 'approved' | 'rejected'; by: string; at: Date; note: string; appliedRevision: number | null },
) {
  return trx
    .updateTable('receipt_corrections')
    .set({
      state: d.state,
      decided_by: d.by,
      decided_at: d.at,
      decision_note: d.note,
      applied_revision: d.appliedRevision,
    })
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .returningAll()
    .executeTakeFirstOrThrow();
}
