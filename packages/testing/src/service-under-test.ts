// What every service's test harness does before its own helpers: a database of the test's own,
// the configuration a deployment would give, and the service started through startService as
// main.ts starts it. One copy, so a fifth service's harness does not copy the wiring by hand.
import type { Migration } from 'kysely';
import {
  createDatabase,
  createLogger,
  createTokenVerifier,
  startService,
  type BaseConfig,
  type Clock,
  type Database,
  type KitTables,
  type ServiceHandle,
  type ServiceParts,
  type ServiceSpec,
} from '@jir/service-kit';
import { createTestDatabase, type TestDatabase } from './databases.js';
import { resolveNats } from './infra.js';
import { closeServiceUnderTest } from './service-teardown.js';

/** How a harness starts its service under test. */
export interface ServiceUnderTestOptions<DB, R, C extends BaseConfig, P extends ServiceParts<DB>> {
  migrations: Record<string, Migration>;
  /** Names the test databases (`jir_t_<name>…`) and the log lines (`<name>-test`, silent unless TEST_LOG_LEVEL). */
  name: string;
  namespace: string;
  /** The public half of the test's own key pair (testUsers). */
  publicKeyPem: string;
  clock: Clock;
  /** The service's connection pool (10). */
  poolSize?: number;
  /** The service's own loadConfig. */
  loadConfig: (env: Record<string, string | undefined>) => C;
  /** The service's variables beyond database, bus, port, key and log level. */
  env?: Record<string, string>;
  /** The service's spec (its intakeService, evidenceService…) for that configuration. */
  service: (config: C) => ServiceSpec<DB, R, C, P>;
}

/**
 * A database cloned from the service's migrated template and the service
 * started on it, on a free port, in its own bus namespace, with the test's
 * clock, no process metrics and a verifier without court checks (the tests'
 * tokens name courts of their own). `start()` starts another instance on the
 * same database and bus. If the first start fails, the database is dropped.
 * `owner` is the owner's connection, for what tests arrange and inspect beside
 * the service; `close()` lets go of it all (see closeServiceUnderTest).
 */
export async function startServiceUnderTest<DB, R, C extends BaseConfig, P extends ServiceParts<DB>>(
  o: ServiceUnderTestOptions<DB, R, C, P>,
): Promise<{
  service: ServiceHandle<DB, R, C, P>;
  start: () => Promise<ServiceHandle<DB, R, C, P>>;
  testDatabase: TestDatabase;
  config: C;
  owner: Database<DB & KitTables>;
  /**
   * Stops the `instances` (the first one unless named) with their relays, deletes the test's
   * `streams` (full names), closes `owner` and drops the database.
   */
  close: (o: {
    instances?: readonly ServiceHandle<DB, R, C, P>[];
    streams: readonly string[];
  }) => Promise<void>;
}> {
  const testDatabase = await createTestDatabase({ migrations: o.migrations, prefix: `jir_t_${o.name}` });
  const logger = createLogger({
    service: `${o.name}-test`,
    level: process.env['TEST_LOG_LEVEL'] ?? 'silent',
  });
  try {
    const config = o.loadConfig({
      DATABASE_URL: testDatabase.url,
      NATS_URL: await resolveNats(),
      BUS_NAMESPACE: o.namespace,
      PORT: '0',
      AUTH_PUBLIC_KEY: o.publicKeyPem,
      LOG_LEVEL: 'silent',
      ...o.env,
    });
    const start = () =>
      startService({
        ...o.service(config),
        overrides: {
          clock: o.clock,
          logger,
          relayPollMs: 20,
          defaultMetrics: false,
          poolSize: o.poolSize ?? 10,
          verifier: createTokenVerifier({ publicKeyPem: o.publicKeyPem }),
        },
      });
    const service = await start();
    const owner = createDatabase<DB & KitTables>(testDatabase.url, { max: 4 });
    const close = (c: { instances?: readonly ServiceHandle<DB, R, C, P>[]; streams: readonly string[] }) => {
      const instances = c.instances ?? [service];
      return closeServiceUnderTest({
        instances,
        relays: instances.map((s) => s.ctx.relay),
        // A running instance's: the first may have been closed by a restart.
        jsm: (instances[0] ?? service).ctx.bus.jsm,
        streams: c.streams,
        database: owner,
        testDatabase,
      });
    };
    return { service, start, testDatabase, config, owner, close };
  } catch (e) {
    await testDatabase.drop();
    throw e;
  }
}
