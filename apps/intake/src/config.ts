import { z } from 'zod';
import { baseConfigSchema, parseConfig } from '@jir/service-kit';

const schema = baseConfigSchema('intake', 3001).extend({
  /** Hours within which a severe record must be escalated (R-DL-4). */
  SEVERE_ESCALATION_HOURS: z.coerce.number().positive().default(24),
  /** Share of each quarter's records drawn for verification by a second person (R-BX-3). */
  SAMPLE_SHARE: z.coerce.number().gt(0).max(1).default(0.1),
  /**
   * The deployment's Ed25519 key that signs the audit chain head (R-PV-2): a PKCS#8
   * PEM, or the path of one. Unset: a development key made in `.local/audit`.
   */
  AUDIT_SIGNING_KEY: z.string().min(1).optional(),
  /** Minutes between signed audit heads (each published when the head moved). */
  AUDIT_HEAD_SIGN_MINUTES: z.coerce.number().positive().default(60),
  /**
   * Seconds a stated time (receipt, communication) may lie ahead of the server's clock:
   * the skew of the clerk's PC, never a day ahead (R-RC-4).
   */
  FUTURE_TIME_ALLOWANCE_SECONDS: z.coerce.number().int().min(0).max(3600).default(300),
});
export type IntakeConfig = z.output<typeof schema>;

/** The only reader of the environment in this service. */
export function loadConfig(env: Record<string, string | undefined> = process.env): IntakeConfig {
  return parseConfig(schema, env);
}
