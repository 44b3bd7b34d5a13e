import { z } from 'zod';
import { DEFAULT_COMPLAINT_REPORT_DAYS, ROLES } from '@jir/rules';
import { baseConfigSchema, parseConfig } from '@jir/service-kit';

/** A comma-separated list of role ids (R-AC-1), each one of the roles of the rules. */
const roleList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((r) => r.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.enum(ROLES)).min(1));

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
  /**
   * Roles that record established violations in the ledger (Art 11, R-AB-1), comma-separated;
   * unset: trial management and discipline inspection (auditor).
   */
  LEDGER_FINDER_ROLES: roleList.optional(),
  /**
   * Roles that handle complaints received from below (Art 12, R-AB-2), comma-separated;
   * unset: discipline inspection (auditor).
   */
  COMPLAINT_HANDLER_ROLES: roleList.optional(),
  /** Days a court has to report a complaint it received to its committee (Art 12: 及时). */
  COMPLAINT_REPORT_DAYS: z.coerce.number().int().min(1).max(60).default(DEFAULT_COMPLAINT_REPORT_DAYS),
});
export type IntakeConfig = z.output<typeof schema>;

/** The only reader of the environment in this service. */
export function loadConfig(env: Record<string, string | undefined> = process.env): IntakeConfig {
  return parseConfig(schema, env);
}
