import { z } from 'zod';
import { baseConfigSchema, parseConfig } from '@jir/service-kit';

/** Another deployment (a higher court, another city) that receives reports for the courts it serves. */
const peerSchema = z.object({
  /** The peer's deployment id, also the `iss` of what it pushes here. */
  id: z.string().min(1).max(100),
  /** Its reporting service, e.g. https://reports.jlgy.example/ (POST /v1/inbound-reports is appended). */
  url: z.url(),
  /** Courts served there: a report routed to one of them is pushed to this peer (R-RP-3). */
  courts: z.array(z.string().min(1)).min(1),
  /** Its Ed25519 public key (SPKI PEM): verifies what it pushes here and the reports it signed. */
  publicKey: z.string().includes('BEGIN PUBLIC KEY'),
});
export type Peer = z.output<typeof peerSchema>;

const jsonArray = <T extends z.ZodType>(item: T) =>
  z
    .string()
    .transform((s, c) => {
      try {
        return JSON.parse(s) as unknown;
      } catch {
        c.addIssue({ code: 'custom', message: 'not JSON' });
        return z.NEVER;
      }
    })
    .pipe(z.array(item));

const schema = baseConfigSchema('reporting', 3004).extend({
  /** This deployment's id: the `iss` of its pushes and the name peers register its key under. */
  DEPLOYMENT_ID: z.string().min(1).max(100).default('local'),
  /**
   * Courts this deployment serves (comma-separated). A report routed to one of them lands in its
   * inbox here; to any other court, it goes to the peer that serves it. Default: every configured court.
   */
  DEPLOYMENT_COURTS: z
    .string()
    .optional()
    .transform((s) =>
      s
        ? s
            .split(',')
            .map((c) => c.trim())
            .filter(Boolean)
        : undefined,
    ),
  /** The peers (JSON array of {id, url, courts, publicKey}); none by default. */
  PEERS: jsonArray(peerSchema).default([]),
  /** The deployment's Ed25519 key (PKCS#8 PEM, or a path to one); a development key otherwise. */
  REPORT_SIGNING_KEY: z.string().min(1).optional(),
  /** Where the development signing key is made on first use (`.local/reporting` by default). */
  REPORT_LOCAL_KEY_DIR: z.string().optional(),
  /** Quarters in a row of "nothing to record" after which a handler stands out (R-BX-1). */
  ZERO_RUN_QUARTERS: z.coerce.number().int().min(2).max(40).default(4),
  /**
   * R-RP-2: a record involving a principal leader of the court's own political-legal committee
   * is not sent with its content to that committee unless this is 'true'.
   */
  PRINCIPAL_LEADER_CONTENT_TO_OWN_COMMITTEE: z.stringbool().default(false),
  /** Milliseconds between delivery attempts when idle; failures back off from here, capped at the max. */
  DELIVERY_IDLE_MS: z.coerce.number().int().min(10).default(2_000),
  DELIVERY_BACKOFF_MAX_MS: z.coerce.number().int().min(10).default(300_000),
});
export type ReportingConfig = z.output<typeof schema>;

/** The only reader of the environment in this service. */
export function loadConfig(env: Record<string, string | undefined> = process.env): ReportingConfig {
  return parseConfig(schema, env);
}
