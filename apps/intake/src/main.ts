// Composition root: the kit's runService does config → database → bus → app → listen → shutdown;
// this names what is intake's own.
import { STREAMS } from '@jir/contracts';
import { runService, systemClock } from '@jir/service-kit';
import { createApp } from './app.js';
import { AuditSealer } from './audit/audit-trail.js';
import { AuditHeadSigner, loadAuditSigningKey } from './audit/head-signing.js';
import { loadConfig } from './config.js';
import { intakeConsumers } from './consumers.js';
import type { IntakeSchema } from './db/schema.js';
import { intakeMigrations } from './db/migrations/index.js';

const config = loadConfig();
// Read at start, so a bad key stops the service before it serves anything.
const signingKey = loadAuditSigningKey(config.AUDIT_SIGNING_KEY);
let sealer: AuditSealer | undefined;
let headSigner: AuditHeadSigner | undefined;

await runService<IntakeSchema>({
  config,
  migrations: intakeMigrations,
  // Intake reads the evidence stream; it may start before the evidence service has created it.
  streams: { produces: STREAMS.intake, reads: [STREAMS.evidence] },
  consumers: (ctx) => intakeConsumers({ db: ctx.db, bus: ctx.bus, logger: ctx.logger, metrics: ctx.metrics }),
  background: (ctx) => {
    sealer = new AuditSealer({ db: ctx.db, logger: ctx.logger });
    sealer.start();
    headSigner = new AuditHeadSigner({
      db: ctx.db,
      key: signingKey,
      clock: systemClock,
      sealer,
      relay: ctx.relay,
      logger: ctx.logger,
      intervalMs: config.AUDIT_HEAD_SIGN_MINUTES * 60_000,
    });
    headSigner.start();
    return [
      { name: 'audit head signer', stop: () => headSigner!.stop() },
      { name: 'audit sealer', stop: () => sealer!.stop() },
    ];
  },
  app: (ctx) =>
    createApp({
      db: ctx.db,
      logger: ctx.logger,
      metrics: ctx.metrics,
      verifier: ctx.verifier,
      clock: systemClock,
      relay: ctx.relay,
      bus: ctx.bus,
      bodyLimit: config.BODY_LIMIT,
      sampleShare: config.SAMPLE_SHARE,
      ...(sealer ? { sealer } : {}),
      ...(headSigner ? { headSigner } : {}),
    }),
});
