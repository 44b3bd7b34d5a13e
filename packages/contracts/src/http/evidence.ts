import { z } from 'zod';

const uuidMessage = { message: '编号应为 UUID / id is a UUID' };

/** `:id` of an evidence item. */
export const evidenceIdParamsSchema = z.object({ id: z.uuid(uuidMessage) });

/** The record evidence belongs to, named in the query of uploads and lists. */
export const evidenceRecordQuerySchema = z
  .object({ recordId: z.uuid({ message: '记录编号应为 UUID / recordId is a UUID' }) })
  .strict();

/** Headers of a raw upload: the size is required so the store gets a known length (R-EV-1). */
export const evidenceUploadHeadersSchema = z.object({
  'content-length': z.string(),
  'x-file-name': z.string().optional(),
  'content-sha256': z.string().optional(),
});

/** Where an item is archived (R-EV-4); written materials default to the secondary volume. */
export const archiveBodySchema = z
  .object({
    destination: z.string().trim().min(1).max(500).optional(),
    /**
     * Whether this file is written material (a scanned letter on a WeChat record is), decided per
     * file; absent, the record's form decides. Written material goes to the secondary volume and
     * no other destination can be set for it (R-EV-4).
     */
    writtenMaterial: z.boolean().optional(),
  })
  .strict();

/** The items to re-check (R-EV-3); none named means every item of the caller's court. */
export const integrityCheckBodySchema = z.object({ ids: z.array(z.uuid()).max(1000).optional() }).strict();

/** One stored evidence item with both digests (R-EV-2). */
export const evidenceSchema = z
  .object({
    id: z.string(),
    recordId: z.string(),
    size: z.number(),
    mediaType: z.string(),
    sha256: z.string(),
    sm3: z.string(),
    fileName: z.string(),
    uploadedBy: z.string(),
    uploadedAt: z.string(),
    archive: z
      .object({ volume: z.enum(['secondary', 'main']).nullable(), destination: z.string().nullable() })
      .nullable(),
  })
  .meta({ id: 'Evidence' });

/** An item with its chain of custody, oldest event first (R-EV-5). */
export const evidenceWithCustodySchema = evidenceSchema
  .extend({
    custody: z.array(
      z.object({
        action: z.string(),
        actor: z.string(),
        at: z.string(),
        detail: z.record(z.string(), z.unknown()).nullable(),
      }),
    ),
  })
  .meta({ id: 'EvidenceWithCustody' });

/** Objects without rows and rows without objects in the caller's court; nothing is deleted (R-EV-3). */
export const reconciliationReportSchema = z
  .object({
    objects: z.number().int(),
    rows: z.number().int(),
    objectsWithoutMetadata: z.array(z.string()),
    metadataWithoutObject: z.array(z.string()),
  })
  .meta({ id: 'ReconciliationReport' });

/** What an integrity check re-read and which items failed (R-EV-3). */
export const integrityReportSchema = z
  .object({
    checked: z.number().int(),
    failures: z.array(z.object({ id: z.string(), problem: z.enum(['digest-mismatch', 'missing-object']) })),
  })
  .meta({ id: 'IntegrityReport' });
