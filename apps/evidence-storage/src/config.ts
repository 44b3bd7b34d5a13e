import { z } from 'zod';
import { baseConfigSchema, parseConfig } from '@jir/service-kit';

const schema = baseConfigSchema('evidence-storage', 3002).extend({
  S3_ENDPOINT: z.url().default('http://127.0.0.1:7480'),
  S3_ACCESS_KEY: z.string().default('testaccess'),
  S3_SECRET_KEY: z.string().default('testsecret1234567890'),
  S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{2,62}$/)
    .default('jir-evidence'),
  /** Part size for multipart uploads: bounds memory per upload (R-EV-2, R-NF-3). */
  S3_PART_SIZE_MB: z.coerce.number().int().min(5).max(512).default(16),
  /** COMPLIANCE retention on every stored version: 永久存储 in practice (R-EV-3). */
  RETENTION_YEARS: z.coerce.number().int().min(1).max(100).default(100),
  /** 'dev-non-worm' accepts a store without Object Lock, and says so everywhere. */
  OBJECT_STORE_MODE: z.enum(['worm', 'dev-non-worm']).default('worm'),
  EVIDENCE_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(8 * 1024 ** 3),
  /** Hours between integrity checks of every stored object (R-EV-3); 0 turns the job off. */
  INTEGRITY_CHECK_HOURS: z.coerce.number().min(0).default(24),
});
export type EvidenceConfig = z.output<typeof schema>;

/** The only reader of the environment in this service. */
export function loadConfig(env: Record<string, string | undefined> = process.env): EvidenceConfig {
  return parseConfig(schema, env);
}
