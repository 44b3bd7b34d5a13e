// Composition root: config → logger → database → bus → app → listen → graceful shutdown.
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
import { createApp } from './app.js';
import { AuditSealer } from './audit/audit-trail.js';
import { loadConfig } from './config.js';
import { intakeConsumers } from './consumers.js';
import type { IntakeSchema } from './db/schema.js';
import { intakeMigrations } from './db/migrations/index.js';

const config = loadConfig();
const logger = createLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL });
process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection'));

await ensureDatabase(config.DATABASE_URL);
const database = createDatabase<IntakeSchema>(config.DATABASE_URL, { max: 20 });
await migrateToLatest(database.db, intakeMigrations, logger.child({ module: 'migrate' }));

const metrics = createMetrics(config.SERVICE_NAME);
const bus = await connectBus({
  url: config.NATS_URL,
  name: config.SERVICE_NAME,
  namespace: config.BUS_NAMESPACE,
  logger,
});
await ensureStream(bus.jsm, STREAMS.intake, bus.namespace);
// Intake reads the evidence stream; it may start before the evidence service has created it.
await ensureStream(bus.jsm, STREAMS.evidence, bus.namespace);

const relay = new OutboxRelay({ db: database.db, bus, logger, metrics });
relay.start();
const sealer = new AuditSealer({ db: database.db, logger });
sealer.start();
const consumers = intakeConsumers({ db: database.db, bus, logger, metrics });
for (const c of consumers) await c.start();
bindMessagingMetrics(metrics, { db: database.db, relay, consumers });

const app = createApp({
  db: database.db,
  logger,
  metrics,
  verifier: verifierFromConfig(config, logger),
  clock: systemClock,
  relay,
  bus,
  bodyLimit: config.BODY_LIMIT,
  sampleShare: config.SAMPLE_SHARE,
});
const server = await startHttpServer(app, { port: config.PORT, host: config.HOST });
logger.info({ url: server.url }, 'intake listening');

const shutdown = createShutdown({ logger, timeoutMs: config.SHUTDOWN_TIMEOUT_MS });
shutdown.add('http', () => server.close(config.SHUTDOWN_TIMEOUT_MS / 2));
shutdown.add('consumers', () => Promise.all(consumers.map((c) => c.stop())));
shutdown.add('relay', () => relay.stop());
shutdown.add('audit sealer', () => sealer.stop());
shutdown.add('bus', () => bus.close());
shutdown.add('database', () => database.close());
shutdown.installSignalHandlers();
