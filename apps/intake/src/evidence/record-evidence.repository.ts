import type { Transaction } from 'kysely';
import type { IntakeTables } from '../db/schema.js';

/** Keeps one evidence item of a record; a second arrival of the same item changes nothing. */
export async function insertRecordEvidence(
  trx: Transaction<IntakeTables>,
  e: {
    evidenceId: string;
    recordId: string;
    court: string;
    mediaType: string;
    sha256: string;
    uploadedAt: string;
  },
): Promise<void> {
  await trx
    .insertInto('record_evidence')
    .values({
      evidence_id: e.evidenceId,
      record_id: e.recordId,
      court: e.court,
      media_type: e.mediaType,
      sha256: e.sha256,
      uploaded_at: e.uploadedAt,
    })
    .onConflict((oc) => oc.column('evidence_id').doNothing())
    .execute();
}
