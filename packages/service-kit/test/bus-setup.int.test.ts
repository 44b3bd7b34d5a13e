import { AckPolicy, DeliverPolicy, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestNatsServer, freePort, resolveNats, uniqueName, waitFor } from '@jir/testing';
import { streamNameFor, streamSubjects, type StreamDeclaration } from '@jir/contracts';
import {
  bindMessagingMetrics,
  connectBus,
  createMetrics,
  ensureConsumer,
  ensureStream,
  pingBus,
  type Bus,
} from '../src/index.js';
import { capturingLogger, logger, messagingHarness } from './harness.js';

// The bus a service starts with: the stream keeps duplicates out for the window the outbox relies
// on (R-PV-3), the durable consumer acknowledges explicitly and never gives up on its own, and the
// connection outlives a bus outage (R-NF-6).
const MINUTE_NS = 60_000_000_000;

let natsUrl: string;
let bus: Bus;
beforeAll(async () => {
  natsUrl = await resolveNats();
  bus = await connectBus({ url: natsUrl, name: 'bus-setup', logger });
});
afterAll(async () => {
  await bus?.close();
});

/** A declaration in a namespace of its own, deleted after the test. */
function freshStream(): { decl: StreamDeclaration; namespace: string } {
  return { decl: { name: 'SETUP', domain: 'setup' }, namespace: uniqueName('t') };
}
async function dropStream(name: string) {
  await bus.jsm.streams.delete(name).catch(() => undefined);
}

describe('ensureStream (R-PV-3)', () => {
  it('R-PV-3: creates the stream on file, with a ten-minute duplicate window and a month of age', async () => {
    const { decl, namespace } = freshStream();
    const name = await ensureStream(bus.jsm, decl, namespace);
    try {
      expect(name).toBe(streamNameFor(decl, namespace));
      const { config } = await bus.jsm.streams.info(name);
      expect(config.subjects).toEqual(streamSubjects(decl, namespace));
      expect(config.storage).toBe(StorageType.File);
      expect(config.retention).toBe(RetentionPolicy.Limits);
      expect(config.duplicate_window).toBe(10 * MINUTE_NS);
      expect(config.max_age).toBe(30 * 24 * 60 * MINUTE_NS);
      expect(config.num_replicas).toBe(1);
    } finally {
      await dropStream(name);
    }
  });

  it('R-PV-3: without a namespace the stream has the declaration’s own name and subjects', async () => {
    // Names of its own, so that it cannot meet another run's un-namespaced stream.
    const decl = { name: uniqueName('SETUP').toUpperCase(), domain: uniqueName('setup') };
    const name = await ensureStream(bus.jsm, decl);
    try {
      expect(name).toBe(decl.name);
      expect((await bus.jsm.streams.info(name)).config.subjects).toEqual([`${decl.domain}.>`]);
    } finally {
      await dropStream(name);
    }
  });

  it('R-PV-3: an existing stream is updated to the declaration, and several starting instances all succeed', async () => {
    const { decl, namespace } = freshStream();
    const names = await Promise.all(Array.from({ length: 4 }, () => ensureStream(bus.jsm, decl, namespace)));
    const name = names[0]!;
    try {
      expect(new Set(names)).toEqual(new Set([name]));
      await ensureStream(bus.jsm, decl, namespace, { maxAgeMs: 60 * 60_000 });
      expect((await bus.jsm.streams.info(name)).config.max_age).toBe(60 * MINUTE_NS);
    } finally {
      await dropStream(name);
    }
  });

  it('R-PV-3: a stream that cannot become the declaration stops the start rather than being used as it is', async () => {
    const { decl, namespace } = freshStream();
    const name = streamNameFor(decl, namespace);
    // Made by hand in memory: a stream whose storage cannot be changed to file.
    await bus.jsm.streams.add({
      name,
      subjects: streamSubjects(decl, namespace),
      storage: StorageType.Memory,
    });
    try {
      await expect(ensureStream(bus.jsm, decl, namespace)).rejects.toThrow(/storage/i);
      // Another stream over the same subjects is refused too, not taken for a racing instance's.
      await expect(ensureStream(bus.jsm, { ...decl, name: 'OTHER' }, namespace)).rejects.toThrow(/overlap/i);
    } finally {
      await dropStream(name);
    }
  });
});

describe('ensureConsumer (R-PV-3)', () => {
  it('R-PV-3: a durable consumer with explicit acks from the start of the stream, never given up by the server', async () => {
    const { decl, namespace } = freshStream();
    const stream = await ensureStream(bus.jsm, decl, namespace);
    try {
      const subject = streamSubjects(decl, namespace)[0]!;
      await ensureConsumer(bus.jsm, { stream, durable: 'filtered', filterSubject: subject });
      const filtered = (await bus.jsm.consumers.info(stream, 'filtered')).config;
      expect(filtered).toMatchObject({
        durable_name: 'filtered',
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ack_wait: 30_000_000_000,
        max_ack_pending: 1000,
        max_deliver: -1,
        filter_subject: subject,
      });

      await ensureConsumer(bus.jsm, { stream, durable: 'plain' });
      expect((await bus.jsm.consumers.info(stream, 'plain')).config.filter_subject ?? '').toBe('');

      // A restart with other settings updates the durable in place.
      await ensureConsumer(bus.jsm, { stream, durable: 'filtered', ackWaitMs: 5_000, maxAckPending: 10 });
      expect((await bus.jsm.consumers.info(stream, 'filtered')).config).toMatchObject({
        ack_wait: 5_000_000_000,
        max_ack_pending: 10,
      });
    } finally {
      await dropStream(stream);
    }
  });

  it('R-PV-3: a consumer on a stream that does not exist stops the start', async () => {
    await expect(ensureConsumer(bus.jsm, { stream: uniqueName('NONE'), durable: 'd' })).rejects.toThrow(
      /not found/i,
    );
  });
});

describe('the bus connection (R-NF-6)', () => {
  it('R-NF-6: connects through the first server that answers, and has no namespace unless given one', async () => {
    const dead = `nats://127.0.0.1:${await freePort()}`;
    const b = await connectBus({ url: `${dead},${natsUrl}`, name: 'two-servers', logger });
    try {
      expect(b.namespace).toBe('');
      expect(b.isConnected()).toBe(true);
      await pingBus(b);
    } finally {
      await b.close();
    }
    expect(b.isConnected()).toBe(false);
    // A readiness check on a closed bus fails rather than reporting it up.
    await expect(pingBus(b)).rejects.toThrow();
    // Closing twice is harmless (a shutdown may reach the bus from two paths).
    await b.close();
    const named = await connectBus({ url: natsUrl, name: 'named', namespace: 'ns1', logger });
    expect(named.namespace).toBe('ns1');
    await named.close();
  });

  it('R-NF-6: reports the bus as away while the server is down, logs it, and reconnects when it returns', async () => {
    const { logger: log, lines } = capturingLogger('bus-test', 'warn');
    const nats = await TestNatsServer.start();
    const b = await connectBus({ url: nats.url, name: 'outage', logger: log });
    try {
      expect(b.isConnected()).toBe(true);
      await nats.stop();
      await waitFor(() => !b.isConnected() || undefined, { what: 'bus seen as away' });
      // Down for several reconnect attempts: the connection keeps trying rather than giving up.
      await new Promise((r) => setTimeout(r, 1_500));
      await nats.restart();
      await waitFor(() => b.isConnected() || undefined, { timeoutMs: 15_000, what: 'bus back' });
      await pingBus(b);
      // The connection's other news (its keep-alive ping every 5 s) does not mark the bus away:
      // a bus wrongly seen as away would hold every event in the outbox.
      for await (const st of b.nc.status()) if (st.type === 'ping') break;
      // After the kit's own status loop has seen the same ping.
      await new Promise((r) => setImmediate(r));
      expect(b.isConnected()).toBe(true);
      const logged = lines.filter((l) => l.msg === 'bus status');
      const statuses = logged.map((l) => l.status);
      expect(statuses).toContain('disconnect');
      expect(statuses).toContain('reconnect');
      // Only the changes an operator acts on are logged, not each reconnect attempt, at warn, from the bus.
      expect(new Set(statuses)).toEqual(new Set(['disconnect', 'reconnect']));
      expect(logged.every((l) => l.level === 40 && l.module === 'bus')).toBe(true);
    } finally {
      await b.close();
      await nats.dispose();
    }
  });
});

describe('messaging gauges at each scrape (R-PV-3)', () => {
  it('R-PV-3: outbox backlog, parked messages per consumer (zero for one with none) and each consumer asked its lag', async () => {
    const h = await messagingHarness();
    try {
      const relay = h.relay();
      // Two events written and never relayed: the backlog is theirs.
      await h.producer.db
        .insertInto('outbox')
        .values(
          [0, 1].map((i) => ({
            id: crypto.randomUUID(),
            subject: `s.${i}`,
            aggregate_id: 'a',
            payload: JSON.stringify({ i }),
          })),
        )
        .execute();
      for (const [consumer, replayed] of [
        ['parking', null],
        ['parking', null],
        ['parking', new Date()],
        ['replayed-only', new Date()],
      ] as const)
        await h.consumer.db
          .insertInto('parked_messages')
          .values({
            consumer,
            stream: h.stream,
            stream_seq: null,
            subject: 's',
            payload: '{}',
            reason: 'test',
            replayed_at: replayed,
          })
          .execute();
      const asked: string[] = [];
      const consumer = (name: string) => ({
        name,
        lag: async () => {
          asked.push(name);
          return 0;
        },
      });
      const metrics = createMetrics('gauges-test', { defaultMetrics: false });
      bindMessagingMetrics(metrics, {
        db: h.consumer.db,
        relay,
        consumers: [consumer('parking'), consumer('replayed-only')],
      });
      await Promise.all(metrics.refreshers.map((r) => r()));
      const text = await metrics.registry.metrics();
      expect(text).toMatch(/^outbox_backlog\{service="gauges-test"\} 2$/m);
      expect(text).toMatch(/^parked_messages\{consumer="parking",service="gauges-test"\} 2$/m);
      expect(text).toMatch(/^parked_messages\{consumer="replayed-only",service="gauges-test"\} 0$/m);
      expect(asked.sort()).toEqual(['parking', 'replayed-only']);

      // Without a relay or consumers nothing is read, and the scrape still succeeds.
      const bare = createMetrics('bare-test', { defaultMetrics: false });
      bindMessagingMetrics(bare, { db: h.consumer.db });
      await Promise.all(bare.refreshers.map((r) => r()));
      expect(await bare.registry.metrics()).not.toMatch(/^parked_messages\{/m);
    } finally {
      await h.close();
    }
  });
});
