import type { Express } from 'express';
import type { Kysely, Migration } from 'kysely';
import type { StreamDeclaration } from '@jir/contracts';
import type { CourtHierarchy } from '@jir/rules';
import type { z } from 'zod';
import { verifierFromConfig } from '../auth/verifier-from-config.js';
import type { TokenVerifier } from '../auth/tokens.js';
import { connectBus, type Bus } from '../bus/connection.js';
import type { IdempotentConsumer } from '../bus/consumer.js';
import { bindMessagingMetrics } from '../bus/messaging-metrics.js';
import { OutboxRelay } from '../bus/outbox.js';
import { ensureStream } from '../bus/streams.js';
import type { baseConfigSchema } from '../config.js';
import { courtsFromConfig } from '../courts-from-config.js';
import type { KitTables } from '../db/kit-tables.js';
import { createDatabase, type Database } from '../db/database.js';
import { assertMigrated } from '../db/migrate.js';
import { prepareServiceDatabase } from '../db/prepare-database.js';
import { assertUnprivileged, serviceRole } from '../db/service-role.js';
import { startHttpServer } from '../http/http-server.js';
import { trustProxies } from '../http/trusted-proxies.js';
import { createMetrics, type ServiceMetrics } from '../http/metrics.js';
import { createLogger, type Logger } from '../logger.js';
import { createShutdown } from './shutdown.js';

type BaseConfig = z.output<ReturnType<typeof baseConfigSchema>>;

/** What a service's parts are built from. */
export interface ServiceContext<DB> {
  config: BaseConfig;
  logger: Logger;
  database: Database<DB>;
  db: Kysely<DB & KitTables>;
  metrics: ServiceMetrics;
  bus: Bus;
  relay: OutboxRelay;
  /** The court configuration (COURT_CONFIG, else the Changchun default). */
  courts: CourtHierarchy;
  verifier: TokenVerifier;
}

/** A background job a service runs beside HTTP (sealers, integrity checks). */
export interface BackgroundJob {
  name: string;
  stop(): Promise<unknown> | unknown;
}

/**
 * The composition every service shares, in one order: config → logger →
 * database (created and migrated as its owner; the service connects as its
 * own unprivileged role) → metrics → bus and streams → outbox relay
 * → consumers → app → listen → graceful shutdown on SIGTERM/SIGINT. A
 * service's main.ts names only what is its own.
 */
export async function runService<DB>(spec: {
  config: BaseConfig;
  migrations: Record<string, Migration>;
  /** The service's own stream, and the streams it reads (created if their producer has not yet). */
  streams: { produces: StreamDeclaration; reads?: StreamDeclaration[] };
  consumers?: (ctx: ServiceContext<DB>) => IdempotentConsumer<DB>[];
  background?: (ctx: ServiceContext<DB>) => BackgroundJob[];
  app: (ctx: ServiceContext<DB>) => Express;
  /** Runs once everything is listening, e.g. a log line about the store. */
  started?: (ctx: ServiceContext<DB>, url: string) => void;
}): Promise<void> {
  const { config } = spec;
  const logger = createLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL });
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection'));

  // Migrations and role setup run as the owner; the service itself runs as a
  // role that can only read and write rows (no TRUNCATE, DROP or ALTER).
  const role = config.MIGRATE_ON_START
    ? (
        await prepareServiceDatabase({
          ownerUrl: config.DATABASE_URL,
          appUrl: config.DATABASE_APP_URL,
          migrations: spec.migrations,
          logger: logger.child({ module: 'migrate' }),
        })
      ).role
    : serviceRole(config.DATABASE_URL, config.DATABASE_APP_URL);
  const database = createDatabase<DB>(role.url, { max: 20 });
  await assertUnprivileged(database.db);
  if (!config.MIGRATE_ON_START) await assertMigrated(database.db, spec.migrations);

  const metrics = createMetrics(config.SERVICE_NAME);
  const bus = await connectBus({
    url: config.NATS_URL,
    name: config.SERVICE_NAME,
    namespace: config.BUS_NAMESPACE,
    logger,
  });
  for (const s of [spec.streams.produces, ...(spec.streams.reads ?? [])])
    await ensureStream(bus.jsm, s, bus.namespace);
  // The kit's parts see only the kit's tables.
  const kitDb = database.db as unknown as Kysely<KitTables>;
  const relay = new OutboxRelay({ db: kitDb, bus, logger, metrics });
  const courts = courtsFromConfig(config);
  const ctx: ServiceContext<DB> = {
    config,
    logger,
    database,
    db: database.db,
    metrics,
    bus,
    relay,
    courts,
    verifier: verifierFromConfig(config, logger, courts),
  };
  relay.start();
  const consumers = spec.consumers?.(ctx) ?? [];
  for (const c of consumers) await c.start();
  bindMessagingMetrics(metrics, { db: kitDb, relay, consumers });
  const jobs = spec.background?.(ctx) ?? [];

  const app = spec.app(ctx);
  // The configured proxies, whatever the service's own app factory passed.
  trustProxies(app, config.TRUSTED_PROXIES);
  const server = await startHttpServer(app, { port: config.PORT, host: config.HOST });
  logger.info({ url: server.url }, `${config.SERVICE_NAME} listening`);
  spec.started?.(ctx, server.url);

  const shutdown = createShutdown({ logger, timeoutMs: config.SHUTDOWN_TIMEOUT_MS });
  shutdown.add('http', () => server.close(config.SHUTDOWN_TIMEOUT_MS / 2));
  for (const j of jobs) shutdown.add(j.name, () => j.stop());
  shutdown.add('consumers', () => Promise.all(consumers.map((c) => c.stop())));
  shutdown.add('relay', () => relay.stop());
  shutdown.add('bus', () => bus.close());
  shutdown.add('database', () => database.close());
  shutdown.installSignalHandlers();
}
