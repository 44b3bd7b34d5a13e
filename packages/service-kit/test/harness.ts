import { generateKeyPairSync } from 'node:crypto';
import { Writable } from 'node:stream';
import type { Express, RequestHandler } from 'express';
import { z } from 'zod';
import { createTestDatabase, resolveNats, uniqueName, type TestDatabase } from '@jir/testing';
import {
  IdempotentConsumer,
  baseConfigSchema,
  parseConfig,
  type ServiceOverrides,
  type ServiceResource,
  type ServiceSpec,
  OutboxRelay,
  connectBus,
  defineRoute,
  parseBody,
  createDatabase,
  createLogger,
  createTokenVerifier,
  ensureStream,
  signUserToken,
  startHttpServer,
  type Bus,
  type ConsumerFaults,
  type Database,
  type Route,
  type RelayFaults,
  type UserClaims,
} from '../src/index.js';
import {
  EXAMPLE_STREAM,
  applyNote,
  createExampleApp,
  consumerMigrations,
  noteCreated,
  producerMigrations,
  type ConsumerDB,
  type ProducerDB,
} from './example/example-service.js';

export const logger = createLogger({ service: 'test', level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });

/** A logger whose lines are kept, parsed, for tests that check what was logged and at which level. */
export function capturingLogger(service: string, level: string) {
  const lines: { level: number; msg: string; err?: unknown; status?: string; module?: string }[] = [];
  const log = createLogger({
    service,
    level,
    destination: new Writable({
      write(chunk, _enc, cb) {
        lines.push(JSON.parse(String(chunk)));
        cb();
      },
    }),
  });
  return { logger: log, lines };
}

/** A signing key pair for tests, and a verifier that trusts it. */
export function testKeys() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return {
    privateKeyPem,
    publicKeyPem,
    verifier: createTokenVerifier({ publicKeyPem }),
    token: (c: Partial<UserClaims> = {}) =>
      signUserToken(privateKeyPem, {
        sub: 'judge-a',
        court: 'JL-CC-NG',
        division: 'civil-1',
        roles: ['case-handler'],
        ...c,
      }),
  };
}

/** A public route (`auth: false`) that answers with the body it read: `{ text }`. */
export function publicEchoRoute(use: RequestHandler[] = []): Route {
  const body = z.object({ text: z.string() });
  return defineRoute({
    spec: {
      method: 'post',
      path: '/v1/public/echo',
      operationId: 'publicEcho',
      summary: 'a route open to anyone',
      auth: false,
      body,
      responses: { 200: { description: 'ok', schema: body } },
    },
    use,
    handler: (req, res) => {
      res.json(parseBody(req, body));
    },
  });
}

/** Serves an app on a loopback port with the kit's graceful close. */
export async function serve(app: Express): Promise<{ url: string; close: () => Promise<void> }> {
  const handle = await startHttpServer(app, { port: 0, host: '127.0.0.1' });
  return { url: handle.url, close: () => handle.close() };
}

/** Producer and consumer databases, a bus namespace and stream of their own, for one test file. */
export async function messagingHarness(opts: { natsUrl?: string } = {}) {
  const natsUrl = opts.natsUrl ?? (await resolveNats());
  const namespace = uniqueName('t');
  const dbs: TestDatabase[] = [
    await createTestDatabase({ migrations: producerMigrations, prefix: 'jir_t_prod' }),
    await createTestDatabase({ migrations: consumerMigrations, prefix: 'jir_t_cons' }),
  ];
  const producer = createDatabase<ProducerDB>(dbs[0]!.url, { max: 10 });
  const consumer = createDatabase<ConsumerDB>(dbs[1]!.url, { max: 5 });
  const closers: (() => Promise<unknown>)[] = [];
  const bus = async (name: string): Promise<Bus> => {
    const b = await connectBus({ url: natsUrl, name, namespace, logger });
    closers.push(() => b.close());
    return b;
  };
  const producerBus = await bus('producer');
  const stream = await ensureStream(producerBus.jsm, EXAMPLE_STREAM, namespace);

  return {
    natsUrl,
    namespace,
    stream,
    producer,
    consumer,
    producerBus,
    bus,
    relay(o: { faults?: RelayFaults; bus?: Bus; batchSize?: number } = {}) {
      const r = new OutboxRelay({
        db: producer.db,
        bus: o.bus ?? producerBus,
        logger,
        pollMs: 20,
        batchSize: o.batchSize ?? 500,
        ...(o.faults ? { faults: o.faults } : {}),
      });
      closers.push(() => r.stop());
      return r;
    },
    async consumerOf(
      o: {
        bus?: Bus;
        faults?: ConsumerFaults;
        ackWaitMs?: number;
        maxDeliveries?: number;
        durable?: string;
      } = {},
    ) {
      const c = new IdempotentConsumer<ConsumerDB>({
        db: consumer.db,
        bus: o.bus ?? (await bus('consumer')),
        logger,
        stream,
        durable: o.durable ?? 'example-consumer',
        handlers: { [noteCreated.type]: applyNote },
        catalogue: [noteCreated],
        ackWaitMs: o.ackWaitMs ?? 2_000,
        maxDeliveries: o.maxDeliveries ?? 3,
        ...(o.faults ? { faults: o.faults } : {}),
      });
      closers.push(() => c.stop());
      return c;
    },
    async effectCounts() {
      const rows = await consumer.db
        .selectFrom('effects')
        .select(['event_id', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('event_id')
        .execute();
      return { distinct: rows.length, doubled: rows.filter((r) => Number(r.n) > 1).length };
    },
    async close() {
      await producerBus.jsm.streams.delete(stream).catch(() => undefined);
      for (const c of closers.reverse()) await c().catch(() => undefined);
      await producer.close();
      await consumer.close();
      for (const d of dbs) await d.drop();
    },
  };
}

export type MessagingHarness = Awaited<ReturnType<typeof messagingHarness>>;

/** Re-exported so tests can import from one place. */
export type { Database };

/**
 * The example service as startService takes it, on the owner's database URL
 * given, with a namespace and a port of its own: how kit tests start a whole
 * service (database role, bus, relay, HTTP) the way a main.ts does.
 */
export async function exampleService(opts: {
  databaseUrl: string;
  env?: Record<string, string>;
  resources?: Record<string, ServiceResource<unknown>>;
  overrides?: ServiceOverrides;
}): Promise<ServiceSpec<ProducerDB, Record<string, ServiceResource<unknown>>>> {
  const config = parseConfig(baseConfigSchema('example', 0), {
    DATABASE_URL: opts.databaseUrl,
    NATS_URL: await resolveNats(),
    BUS_NAMESPACE: uniqueName('t'),
    LOG_LEVEL: 'silent',
    ...opts.env,
  });
  return {
    config,
    migrations: producerMigrations,
    produces: EXAMPLE_STREAM,
    ...(opts.resources ? { resources: opts.resources } : {}),
    parts: (ctx) => ({
      app: createExampleApp({ db: ctx.db, logger: ctx.logger, verifier: ctx.verifier, relay: ctx.relay }),
    }),
    overrides: { logger, defaultMetrics: false, ...opts.overrides },
  };
}
