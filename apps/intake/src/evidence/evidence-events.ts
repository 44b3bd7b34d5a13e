import type { EventEnvelope } from '@jir/contracts';
import type { evidenceStored } from '@jir/contracts';
import type { EventHandler } from '@jir/service-kit';
import type { z } from 'zod';
import type { IntakeTables } from '../db/schema.js';

/**
 * Evidence stored by the evidence service counts towards R-RC-2. It may name
 * a record whose row this service has not committed yet (or never will, if
 * the upload was for a mistyped id): it is kept either way and counted when
 * the record is read or entered.
 */
export const onEvidenceStored: EventHandler<IntakeTables> = async (event: EventEnvelope, trx) => {
  const d = event.data as z.output<typeof evidenceStored.data>;
  await trx
    .insertInto('record_evidence')
    .values({
      evidence_id: d.evidenceId,
      record_id: d.recordId,
      court: event.court,
      media_type: d.mediaType,
      sha256: d.sha256,
      uploaded_at: d.uploadedAt,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
};
