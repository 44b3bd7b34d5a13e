import { z } from 'zod';
import { baseConfigSchema, parseConfig } from '@jir/service-kit';
import { DEFAULT_DOWNLOAD_BUFFER_MB, DEFAULT_UPLOAD_SLOTS } from './evidence/transfer-buffers.js';
import { STORE_LAST_REPRESENTABLE } from './store/retention.js';

const schema = baseConfigSchema('evidence-storage', 3002).extend({
  S3_ENDPOINT: z.url().default('http://127.0.0.1:7480'),
  /**
   * The service's own least-privilege key (scripts/s3/start-rgw.sh's defaults): it may write
   * and read versions, never delete them or change the bucket's lock or policy (R-EV-3).
   */
  S3_ACCESS_KEY: z.string().default('jirevidenceaccess'),
  S3_SECRET_KEY: z.string().default('jirevidencesecret1234567890'),
  S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{2,62}$/)
    .default('jir-evidence'),
  /**
   * A store request unanswered for this long fails as the store being unavailable (503), so a
   * hung gateway cannot hold an upload's slot and buffers for ever (R-NF-3, R-NF-6).
   */
  S3_REQUEST_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** Part size for multipart uploads: bounds memory per upload (R-EV-2, R-NF-3). */
  S3_PART_SIZE_MB: z.coerce.number().int().min(5).max(512).default(16),
  /** COMPLIANCE retention on every stored version: 永久存储 in practice (R-EV-3), capped below. */
  RETENTION_YEARS: z.coerce.number().int().min(1).max(100).default(100),
  /**
   * The latest retain-until date asked of the store. radosgw keeps these as 32-bit seconds
   * and wraps later dates to 1970 onwards (which unlocks the version), so it may not be later.
   */
  RETAIN_UNTIL_MAX: z.iso
    .datetime({ offset: true })
    .default('2106-01-01T00:00:00Z')
    .transform((s) => new Date(s))
    .refine((d) => d <= STORE_LAST_REPRESENTABLE, {
      message: `must not be after ${STORE_LAST_REPRESENTABLE.toISOString()}: radosgw would wrap it to an early date`,
    }),
  /** 'dev-non-worm' accepts a store without Object Lock, and says so everywhere. */
  OBJECT_STORE_MODE: z.enum(['worm', 'dev-non-worm']).default('worm'),
  EVIDENCE_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(8 * 1024 ** 3),
  /**
   * Uploads streamed at once; more get 503 with Retry-After (R-NF-3). Each holds up to three
   * parts (two on their way to the store, one filling), so with DOWNLOAD_BUFFER_MB the
   * service's transfer buffers are capped at
   *   MAX_CONCURRENT_UPLOADS × 3 × S3_PART_SIZE_MB + DOWNLOAD_BUFFER_MB
   * (8 × 3 × 16 + 64 = 448 MiB by default, under half the 1 GiB pod limit in deploy/k8s; 16
   * slots would make the parts alone 768 MiB). Raise it only with the pod's memory.
   */
  MAX_CONCURRENT_UPLOADS: z.coerce.number().int().min(1).max(1000).default(DEFAULT_UPLOAD_SLOTS),
  /**
   * Memory all whole-file downloads share for hashing what they send (4 MiB segments, up to
   * four per download); beyond it a download waits for a segment instead of growing memory.
   */
  DOWNLOAD_BUFFER_MB: z.coerce.number().int().min(4).max(4096).default(DEFAULT_DOWNLOAD_BUFFER_MB),
  /** An upload body that sends nothing for this long fails, with nothing stored. */
  UPLOAD_IDLE_TIMEOUT_SECONDS: z.coerce.number().min(1).max(3600).default(30),
  /** Hours between integrity checks of every stored object (R-EV-3); 0 turns the job off. */
  INTEGRITY_CHECK_HOURS: z.coerce.number().min(0).default(24),
});
export type EvidenceConfig = z.output<typeof schema>;

/** The only reader of the environment in this service. */
export function loadConfig(env: Record<string, string | undefined> = process.env): EvidenceConfig {
  return parseConfig(schema, env);
}
