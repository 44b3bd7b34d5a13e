// What intake is made of, for main.ts and the tests alike: the kit starts it
// (config → database → bus → parts → listen); this names what is intake's own.
import { STREAMS } from '@jir/contracts';
import type { ServiceParts, ServiceSpec } from '@jir/service-kit';
import { createApp } from './app.js';
import { AuditSealer } from './audit/audit-trail.js';
import { AuditHeadSigner, loadAuditSigningKey, type AuditSigningKey } from './audit/head-signing.js';
import type { IntakeConfig } from './config.js';
import { intakeConsumerDefinitions } from './consumers.js';
import { breachEvidenceConsumer } from './deadlines/breach-evidence.consumer.js';
import { intakeMigrations } from './db/migrations/index.js';
import type { IntakeSchema } from './db/schema.js';

/** What tests tune; a deployment uses the defaults. */
export interface IntakeTuning {
  /** The audit signing key itself (else AUDIT_SIGNING_KEY, read at start). */
  signingKey?: AuditSigningKey;
  /** Milliseconds between sealing passes of the audit trail (the sealer's default otherwise). */
  sealIntervalMs?: number;
  /** false: the head signer is built (for GET /v1/audit/head) but signs only when asked. */
  signHeadsPeriodically?: boolean;
}

/** Intake's parts, with the audit jobs the tests reach through the started service's handle. */
export interface IntakeParts extends ServiceParts<IntakeSchema> {
  sealer: AuditSealer;
  headSigner: AuditHeadSigner;
}

/** The intake service as startService and runService take it. */
export function intakeService(
  config: IntakeConfig,
  tuning: IntakeTuning = {},
): ServiceSpec<IntakeSchema, Record<never, never>, IntakeConfig, IntakeParts> {
  // Read before anything starts, so a bad key stops the service before it serves anything.
  const signingKey = tuning.signingKey ?? loadAuditSigningKey(config.AUDIT_SIGNING_KEY);
  return {
    config,
    migrations: intakeMigrations,
    produces: STREAMS.intake,
    parts: (ctx) => {
      const sealer = new AuditSealer({
        db: ctx.db,
        logger: ctx.logger,
        ...(tuning.sealIntervalMs !== undefined ? { intervalMs: tuning.sealIntervalMs } : {}),
      });
      const headSigner = new AuditHeadSigner({
        db: ctx.db,
        key: signingKey,
        clock: ctx.clock,
        sealer,
        relay: ctx.relay,
        logger: ctx.logger,
        intervalMs: config.AUDIT_HEAD_SIGN_MINUTES * 60_000,
      });
      return {
        sealer,
        headSigner,
        consumers: [...intakeConsumerDefinitions, breachEvidenceConsumer],
        // Stopped in reverse: the head signer first, as it waits on the sealer.
        jobs: [
          { name: 'audit sealer', start: () => sealer.start(), stop: () => sealer.stop() },
          ...(tuning.signHeadsPeriodically === false
            ? []
            : [
                { name: 'audit head signer', start: () => headSigner.start(), stop: () => headSigner.stop() },
              ]),
        ],
        app: createApp({
          ...ctx,
          bodyLimit: config.BODY_LIMIT,
          sampleShare: config.SAMPLE_SHARE,
          futureTimeAllowanceSeconds: config.FUTURE_TIME_ALLOWANCE_SECONDS,
          ledgerFinderRoles: config.LEDGER_FINDER_ROLES,
          complaintHandlerRoles: config.COMPLAINT_HANDLER_ROLES,
          complaintReportDays: config.COMPLAINT_REPORT_DAYS,
          sealer,
          headSigner,
        }),
      };
    },
  };
}
