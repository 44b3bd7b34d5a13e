// Composition root: the kit's runService does config → database → bus → app → listen → shutdown;
// this names what is evidence storage's own: the object store and the integrity job.
import { STREAMS } from '@jir/contracts';
import { runService, systemClock } from '@jir/service-kit';
import { createApp, createEvidenceService } from './app.js';
import { loadConfig } from './config.js';
import type { EvidenceTables } from './db/schema.js';
import { evidenceMigrations } from './db/migrations/index.js';
import type { EvidenceService } from './evidence/evidence.service.js';
import { evidenceConsumers } from './record-events.js';
import { ObjectStore } from './store/object-store.js';

const config = loadConfig();
const store = new ObjectStore({
  endpoint: config.S3_ENDPOINT,
  accessKey: config.S3_ACCESS_KEY,
  secretKey: config.S3_SECRET_KEY,
  bucket: config.S3_BUCKET,
  partSizeBytes: config.S3_PART_SIZE_MB * 1024 * 1024,
  retentionYears: config.RETENTION_YEARS,
  retainUntilMax: config.RETAIN_UNTIL_MAX,
  mode: config.OBJECT_STORE_MODE,
});
// Refuses to start on a bucket that cannot keep evidence write-once (no Object Lock, a default other
// than COMPLIANCE, a period the store would wrap), unless explicitly in dev mode.
await store.ensureBucket();
let service: EvidenceService | undefined;

await runService<EvidenceTables>({
  config,
  migrations: evidenceMigrations,
  streams: { produces: STREAMS.evidence, reads: [STREAMS.intake] },
  consumers: (ctx) =>
    evidenceConsumers({ db: ctx.db, bus: ctx.bus, logger: ctx.logger, metrics: ctx.metrics }),
  app: (ctx) => {
    const deps = {
      db: ctx.db,
      store,
      logger: ctx.logger,
      metrics: ctx.metrics,
      verifier: ctx.verifier,
      clock: systemClock,
      relay: ctx.relay,
      bus: ctx.bus,
      maxBytes: config.EVIDENCE_MAX_BYTES,
      maxConcurrentUploads: config.MAX_CONCURRENT_UPLOADS,
      idleTimeoutMs: config.UPLOAD_IDLE_TIMEOUT_SECONDS * 1000,
    };
    service = createEvidenceService(deps);
    return createApp(deps, service);
  },
  background: (ctx) => {
    // The periodic integrity check (R-EV-3): failures are recorded, published and logged.
    let timer: NodeJS.Timeout | undefined;
    if (config.INTEGRITY_CHECK_HOURS > 0) {
      const run = async () => {
        try {
          const report = (await service?.checkAllCourts()) ?? [];
          if (report.some((r) => r.failures > 0))
            ctx.logger.error({ report }, 'integrity check found problems');
          else ctx.logger.info({ report }, 'integrity check done');
        } catch (e) {
          ctx.logger.warn(
            { err: (e as Error).message },
            'integrity check could not run; will try at the next interval',
          );
        }
        timer = setTimeout(run, config.INTEGRITY_CHECK_HOURS * 3_600_000);
      };
      timer = setTimeout(run, 60_000);
    }
    return [{ name: 'integrity job', stop: () => clearTimeout(timer) }];
  },
  started: (ctx) => {
    if (!store.worm) ctx.logger.warn('development store without Object Lock: evidence is NOT write-once');
    else ctx.logger.info({ objectLock: store.lock }, 'evidence bucket verified: Object Lock, COMPLIANCE');
  },
});
