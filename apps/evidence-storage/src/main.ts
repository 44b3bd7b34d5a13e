// Composition root: config → logger → database → bus → store → app → listen → graceful shutdown.
import { STREAMS } from '@jir/contracts';
import {
  OutboxRelay,
  bindMessagingMetrics,
  connectBus,
  createDatabase,
  createLogger,
  createMetrics,
  createShutdown,
  ensureDatabase,
  ensureStream,
  migrateToLatest,
  startHttpServer,
  systemClock,
  verifierFromConfig,
} from '@jir/service-kit';
import { createApp, createEvidenceService } from './app.js';
import { loadConfig } from './config.js';
import type { EvidenceTables } from './db/schema.js';
import { evidenceMigrations } from './db/migrations/index.js';
import { evidenceConsumers } from './record-events.js';
import { ObjectStore } from './store/object-store.js';

const config = loadConfig();
const logger = createLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL });
process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection'));

await ensureDatabase(config.DATABASE_URL);
const database = createDatabase<EvidenceTables>(config.DATABASE_URL, { max: 20 });
await migrateToLatest(database.db, evidenceMigrations, logger.child({ module: 'migrate' }));

const store = new ObjectStore({
  endpoint: config.S3_ENDPOINT,
  accessKey: config.S3_ACCESS_KEY,
  secretKey: config.S3_SECRET_KEY,
  bucket: config.S3_BUCKET,
  partSizeBytes: config.S3_PART_SIZE_MB * 1024 * 1024,
  retentionYears: config.RETENTION_YEARS,
  mode: config.OBJECT_STORE_MODE,
});
await store.ensureBucket();
if (!store.worm) logger.warn('development store without Object Lock: evidence is NOT write-once');

const metrics = createMetrics(config.SERVICE_NAME);
const bus = await connectBus({
  url: config.NATS_URL,
  name: config.SERVICE_NAME,
  namespace: config.BUS_NAMESPACE,
  logger,
});
await ensureStream(bus.jsm, STREAMS.evidence, bus.namespace);
await ensureStream(bus.jsm, STREAMS.intake, bus.namespace);
const relay = new OutboxRelay({ db: database.db, bus, logger, metrics });
relay.start();
const consumers = evidenceConsumers({ db: database.db, bus, logger, metrics });
for (const c of consumers) await c.start();
bindMessagingMetrics(metrics, { db: database.db, relay, consumers });

const deps = {
  db: database.db,
  store,
  logger,
  metrics,
  verifier: verifierFromConfig(config, logger),
  clock: systemClock,
  relay,
  bus,
  maxBytes: config.EVIDENCE_MAX_BYTES,
};
const service = createEvidenceService(deps);
const app = createApp(deps, service);

// The periodic integrity check (R-EV-3): failures are recorded, published and logged.
let integrityTimer: NodeJS.Timeout | undefined;
if (config.INTEGRITY_CHECK_HOURS > 0) {
  const runCheck = async () => {
    try {
      const report = await service.checkAllCourts();
      const failures = report.reduce((n, r) => n + r.failures, 0);
      if (failures) logger.error({ report }, 'integrity check found problems');
      else logger.info({ report }, 'integrity check done');
    } catch (e) {
      logger.warn(
        { err: (e as Error).message },
        'integrity check could not run; will try at the next interval',
      );
    }
    integrityTimer = setTimeout(runCheck, config.INTEGRITY_CHECK_HOURS * 3_600_000);
  };
  integrityTimer = setTimeout(runCheck, 60_000);
}
const server = await startHttpServer(app, { port: config.PORT, host: config.HOST });
logger.info({ url: server.url, worm: store.worm }, 'evidence-storage listening');

const shutdown = createShutdown({ logger, timeoutMs: config.SHUTDOWN_TIMEOUT_MS });
shutdown.add('integrity job', () => clearTimeout(integrityTimer));
shutdown.add('http', () => server.close(config.SHUTDOWN_TIMEOUT_MS / 2));
shutdown.add('consumers', () => Promise.all(consumers.map((c) => c.stop())));
shutdown.add('relay', () => relay.stop());
shutdown.add('bus', () => bus.close());
shutdown.add('database', () => database.close());
shutdown.installSignalHandlers();
