import type { Express } from 'express';
import type { Kysely, Migration } from 'kysely';
import type { StreamDeclaration } from '@jir/contracts';
import type { CourtHierarchy } from '@jir/rules';
import type { z } from 'zod';
import { verifierFromConfig } from '../auth/verifier-from-config.js';
import type { TokenVerifier } from '../auth/tokens.js';
import { connectBus, type Bus } from '../bus/connection.js';
import type { IdempotentConsumer } from '../bus/consumer.js';
import { instantiateConsumer, type ConsumerDefinition } from '../bus/define-consumer.js';
import { bindMessagingMetrics } from '../bus/messaging-metrics.js';
import { OutboxRelay } from '../bus/outbox.js';
import { ensureStream } from '../bus/streams.js';
import { systemClock, type Clock } from '../clock.js';
import type { baseConfigSchema } from '../config.js';
import { courtsFromConfig } from '../courts-from-config.js';
import type { KitTables } from '../db/kit-tables.js';
import { createDatabase, type Database } from '../db/database.js';
import { assertMigrated } from '../db/migrate.js';
import { prepareServiceDatabase } from '../db/prepare-database.js';
import { assertUnprivileged, serviceRole } from '../db/service-role.js';
import { startHttpServer } from '../http/http-server.js';
import { trustProxies } from '../http/trusted-proxies.js';
import { setBodyTimeout } from '../http/body-reading.js';
import { createMetrics, type ServiceMetrics } from '../http/metrics.js';
import { createLogger, type Logger } from '../logger.js';
import { ReleaseStack } from './release-stack.js';

/** The configuration every service has (baseConfigSchema's output). */
export type BaseConfig = z.output<ReturnType<typeof baseConfigSchema>>;

/** What a resource is acquired with: it comes before the database and the bus. */
export interface ResourceContext<C extends BaseConfig = BaseConfig> {
  config: C;
  logger: Logger;
  clock: Clock;
}

/**
 * Something a service holds besides the kit's own (an object store, a
 * client of another system): acquired before the database, released after
 * it, also when a later step of the start fails.
 */
export interface ServiceResource<T, C extends BaseConfig = BaseConfig> {
  acquire(ctx: ResourceContext<C>): Promise<T>;
  release?(value: T): Promise<unknown> | unknown;
}

/** Declares a resource; only helps TypeScript infer its type. */
export function resource<T, C extends BaseConfig = BaseConfig>(
  r: ServiceResource<T, C>,
): ServiceResource<T, C> {
  return r;
}

/** The acquired values of a service's resources, by name. */
export type ResourceValues<R> = { [K in keyof R]: R[K] extends ServiceResource<infer T, never> ? T : never };

/** What a service's parts are built from. */
export interface ServiceContext<DB, R = Record<never, never>, C extends BaseConfig = BaseConfig> {
  config: C;
  logger: Logger;
  /** systemClock unless a test overrides it. */
  clock: Clock;
  database: Database<DB>;
  db: Kysely<DB & KitTables>;
  metrics: ServiceMetrics;
  bus: Bus;
  relay: OutboxRelay;
  /** The court configuration (COURT_CONFIG, else the Changchun default). */
  courts: CourtHierarchy;
  verifier: TokenVerifier;
  /** The service's own resources, acquired. */
  resources: ResourceValues<R>;
}

/** A background job a service runs beside HTTP (sealers, integrity checks). */
export interface BackgroundJob {
  name: string;
  /** Started after the consumers, before HTTP listens; omitted when building it started it. */
  start?(): Promise<unknown> | unknown;
  stop(): Promise<unknown> | unknown;
}

/** The service's own parts, built once from the context. */
export interface ServiceParts<DB> {
  app: Express;
  /** What it consumes; the streams it reads and its durable names (the service's name by default) follow. */
  consumers?: readonly ConsumerDefinition<DB>[];
  jobs?: BackgroundJob[];
  /** Runs once everything is listening, e.g. a log line about the store. */
  started?(url: string): void;
}

/** What tests and benchmarks change; a deployment sets none of these. */
export interface ServiceOverrides {
  clock?: Clock;
  port?: number;
  host?: string;
  namespace?: string;
  logger?: Logger;
  /** The owner's connection (else DATABASE_URL). */
  databaseUrl?: string;
  relayPollMs?: number;
  /** A verifier of the test's own (e.g. without court checks), instead of the configured one. */
  verifier?: TokenVerifier;
  /** false: no process metrics (several services in one process). */
  defaultMetrics?: boolean;
  /** Size of the service's connection pool (20). */
  poolSize?: number;
}

/**
 * A service, as startService and runService take it. `P` is what its parts
 * return: beyond app, consumers and jobs, anything tests need to reach (a
 * sealer, a domain service), so no harness rebuilds the wiring.
 */
export interface ServiceSpec<
  DB,
  R = Record<never, never>,
  C extends BaseConfig = BaseConfig,
  P extends ServiceParts<DB> = ServiceParts<DB>,
> {
  config: C;
  migrations: Record<string, Migration>;
  /** The service's own stream; the streams it reads come from its consumers. */
  produces: StreamDeclaration;
  /** Acquired first, in order, released last; `ctx.resources` has them by name. */
  resources?: { [K in keyof R]: ServiceResource<ResourceValues<R>[K], C> };
  parts(ctx: ServiceContext<DB, R, C>): P;
  overrides?: ServiceOverrides;
}

/** A started service. */
export interface ServiceHandle<
  DB,
  R = Record<never, never>,
  C extends BaseConfig = BaseConfig,
  P extends ServiceParts<DB> = ServiceParts<DB>,
> {
  url: string;
  ctx: ServiceContext<DB, R, C>;
  /** What the service's parts returned, built once. */
  parts: P;
  /** The running consumers (tests inspect lag and parked messages). */
  consumers: IdempotentConsumer<DB>[];
  jobs: BackgroundJob[];
  /** Releases everything, newest first: HTTP, jobs, consumers, relay, bus, database, resources. Once. */
  close(): Promise<void>;
}

/**
 * Starts a service in one order: logger and verifier (a missing key stops it
 * here) → resources → database (created and migrated as its owner; the
 * service connects as its own unprivileged role) → metrics → bus and its
 * stream → outbox relay → the service's parts, built once → the streams its
 * consumers read, and the consumers → jobs → listen. If a step fails,
 * everything acquired so far is released in reverse order before the error
 * is thrown, so nothing leaks (graphile-worker's run() does the same).
 */
export async function startService<
  DB,
  R = Record<never, never>,
  C extends BaseConfig = BaseConfig,
  P extends ServiceParts<DB> = ServiceParts<DB>,
>(spec: ServiceSpec<DB, R, C, P>): Promise<ServiceHandle<DB, R, C, P>> {
  const o = spec.overrides ?? {};
  const config: C = {
    ...spec.config,
    ...(o.port !== undefined ? { PORT: o.port } : {}),
    ...(o.host !== undefined ? { HOST: o.host } : {}),
    ...(o.namespace !== undefined ? { BUS_NAMESPACE: o.namespace } : {}),
    ...(o.databaseUrl !== undefined ? { DATABASE_URL: o.databaseUrl } : {}),
  };
  const logger = o.logger ?? createLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL });
  const clock = o.clock ?? systemClock;
  const courts = courtsFromConfig(config);
  // Before anything is acquired: a service without a key must not even touch the database.
  const verifier = o.verifier ?? verifierFromConfig(config, logger, courts);

  const held = new ReleaseStack(logger.child({ module: 'start' }));
  try {
    const resources = {} as Record<string, unknown>;
    for (const [name, r] of Object.entries(spec.resources ?? {}) as [string, ServiceResource<unknown, C>][]) {
      const value = await r.acquire({ config, logger, clock });
      resources[name] = value;
      held.push(`resource ${name}`, () => r.release?.(value));
    }

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
    const database = createDatabase<DB>(role.url, {
      max: o.poolSize ?? 20,
      statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_SECONDS * 1000,
    });
    held.push('database', () => database.close());
    await assertUnprivileged(database.db);
    if (!config.MIGRATE_ON_START) await assertMigrated(database.db, spec.migrations);

    const metrics = createMetrics(config.SERVICE_NAME, { defaultMetrics: o.defaultMetrics ?? true });
    const bus = await connectBus({
      url: config.NATS_URL,
      name: config.SERVICE_NAME,
      namespace: config.BUS_NAMESPACE,
      logger,
    });
    held.push('bus', () => bus.close());
    await ensureStream(bus.jsm, spec.produces, bus.namespace, {
      replicas: config.NATS_STREAM_REPLICAS,
    });
    // The kit's parts see only the kit's tables.
    const kitDb = database.db as unknown as Kysely<KitTables>;
    const relay = new OutboxRelay({
      db: kitDb,
      bus,
      logger,
      metrics,
      ...(o.relayPollMs !== undefined ? { pollMs: o.relayPollMs } : {}),
    });
    relay.start();
    held.push('relay', () => relay.stop());

    const ctx: ServiceContext<DB, R, C> = {
      config,
      logger,
      clock,
      database,
      db: database.db,
      metrics,
      bus,
      relay,
      courts,
      verifier,
      resources: resources as ResourceValues<R>,
    };
    const parts = spec.parts(ctx);

    const declared = parts.consumers ?? [];
    const ensured = new Set([spec.produces.name]);
    for (const { reads: s } of declared) {
      if (ensured.has(s.name)) continue;
      ensured.add(s.name);
      // The producer may not have started yet: whoever comes first creates the stream.
      await ensureStream(bus.jsm, s, bus.namespace, { replicas: config.NATS_STREAM_REPLICAS });
    }
    const consumers = declared.map((c) =>
      instantiateConsumer(c, { db: database.db, bus, logger, metrics, service: config.SERVICE_NAME }),
    );
    for (const c of consumers) {
      await c.start();
      held.push(`consumer ${c.name}`, () => c.stop());
    }
    bindMessagingMetrics(metrics, { db: kitDb, relay, consumers });

    const jobs = parts.jobs ?? [];
    for (const j of jobs) {
      await j.start?.();
      held.push(j.name, () => j.stop());
    }

    // The configured proxies, whatever the service's own app factory passed.
    trustProxies(parts.app, config.TRUSTED_PROXIES);
    setBodyTimeout(parts.app, config.HTTP_BODY_TIMEOUT_SECONDS * 1000);
    const server = await startHttpServer(parts.app, {
      port: config.PORT,
      host: config.HOST,
      headersTimeoutMs: config.HTTP_BODY_TIMEOUT_SECONDS * 1000,
    });
    held.push('http', () => server.close(config.SHUTDOWN_TIMEOUT_MS / 2));
    logger.info({ url: server.url }, `${config.SERVICE_NAME} listening`);
    parts.started?.(server.url);

    return { url: server.url, ctx, parts, consumers, jobs, close: () => held.release() };
  } catch (e) {
    logger.error(
      { err: (e as Error).message, releasing: held.held },
      `${config.SERVICE_NAME} failed to start; releasing what it acquired`,
    );
    await held.release();
    throw e;
  }
}
