import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { Logger } from '../logger.js';

export interface Bus {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  /** Subject and stream prefix shared by this deployment (BUS_NAMESPACE). */
  namespace: string;
  /** True while the connection is up; the outbox keeps events while it is not. */
  isConnected(): boolean;
  close(): Promise<void>;
}

/**
 * Connects to NATS and keeps reconnecting for ever: while the bus is away,
 * requests are still accepted and their events wait in the outbox.
 */
export async function connectBus(opts: {
  url: string;
  name: string;
  namespace?: string;
  logger: Logger;
}): Promise<Bus> {
  const log = opts.logger.child({ module: 'bus' });
  const nc = await connect({
    servers: opts.url.split(','),
    name: opts.name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    reconnectJitter: 100,
    pingInterval: 5_000,
    maxPingOut: 2,
    // Every request (each JetStream publish of the relay) otherwise builds an Error up front for
    // the stack of a possible timeout: about 1.5 % of intake's CPU per record in a profile of
    // bench/intake-records.bench.ts (#14). Errors still carry their message and cause.
    // Stryker disable next-line BooleanLiteral: what it changes is cost, not behaviour a test sees.
    noAsyncTraces: true,
  });
  let connected = true;
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect') connected = false;
      if (s.type === 'reconnect') connected = true;
      if (s.type === 'disconnect' || s.type === 'reconnect' || s.type === 'error')
        log.warn({ status: s.type }, 'bus status');
    }
  })().catch(() => undefined);
  const jsm = await jetstreamManager(nc, { timeout: 5_000 });
  return {
    nc,
    js: jetstream(nc, { timeout: 5_000 }),
    jsm,
    namespace: opts.namespace ?? '',
    isConnected: () => connected && !nc.isClosed(),
    async close() {
      if (nc.isClosed()) return;
      await nc.drain().catch(() => nc.close());
    },
  };
}

/** Resolves when the server answers a round trip. */
export async function pingBus(bus: Bus): Promise<void> {
  await bus.nc.flush();
  await bus.jsm.getAccountInfo();
}
