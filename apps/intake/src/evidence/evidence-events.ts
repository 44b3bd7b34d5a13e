import type { Transaction } from 'kysely';
import type { z } from 'zod';
import type { EventEnvelope, evidenceStored } from '@jir/contracts';
import type { KitTables } from '@jir/service-kit';
import type { IntakeTables } from '../db/schema.js';
import { insertRecordEvidence } from './record-evidence.repository.js';

/**
 * Evidence stored by the evidence service counts towards R-RC-2. It may name
 * a record whose row this service has not committed yet (or never will, if
 * the upload was for a mistyped id): it is kept either way and counted when
 * the record is read or entered.
 *
 * Safe in any order and more than once: each evidence item is one row keyed
 * by its id, its facts never change, and a second arrival changes nothing; it
 * does not depend on the record's own events having arrived.
 */
export async function onEvidenceStored(
  event: EventEnvelope<z.output<typeof evidenceStored.data>>,
  trx: Transaction<IntakeTables & KitTables>,
): Promise<void> {
  const d = event.data;
  await insertRecordEvidence(trx, {
    evidenceId: d.evidenceId,
    recordId: d.recordId,
    court: event.court,
    mediaType: d.mediaType,
    sha256: d.sha256,
    uploadedAt: d.uploadedAt,
  });
}
