// Outbox → JetStream → inbox: end-to-end throughput and latency of the kit's
// messaging path, beside a baseline measured in the same run: bare JetStream
// publish → consume of the same messages, with no database on either side.
//
//   node --import tsx bench/outbox-inbox.bench.ts [events=10000] [rate=200] [seconds=10]
//
// Throughput: `events` written to the outbox in 1,000-row transactions, time
// until the last effect committed. Latency: `rate` single-event transactions
// per second for `seconds`; latency = effect commit − producer commit.
import { sql } from 'kysely';
import { z } from 'zod';
import { buildEvent, defineEvent } from '@jir/contracts';
import {
  IdempotentConsumer,
  OutboxRelay,
  appendEvent,
  connectBus,
  createDatabase,
  createLogger,
  ensureStream,
} from '@jir/service-kit';
import { createTestDatabase, resolveNats, uniqueName } from '@jir/testing';
import { AckPolicy } from '@nats-io/jetstream';

const [events = 10_000, rate = 200, seconds = 10] = process.argv.slice(2).map(Number);
const ping = defineEvent('bench.ping.sent', 1, z.object({ n: z.number().int(), sentAt: z.number() }));
const STREAM = { name: 'BENCH', domain: 'bench' } as const;
const logger = createLogger({ service: 'bench', level: 'warn' });

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;

const natsUrl = await resolveNats();
const tdb = await createTestDatabase({
  migrations: {
    '2026-11-28T09-00-bench': {
      async up(db) {
        await sql`CREATE TABLE effects (n int NOT NULL, latency_ms double precision NOT NULL)`.execute(db);
      },
    },
  },
  prefix: 'jir_bench',
});
const { db, close } = createDatabase<{ effects: { n: number; latency_ms: number } }>(tdb.url, { max: 10 });
const namespace = uniqueName('bench');
const bus = await connectBus({ url: natsUrl, name: 'bench', namespace, logger });
const stream = await ensureStream(bus.jsm, STREAM, namespace);
const relay = new OutboxRelay({ db, bus, logger, pollMs: 20 });
const consumer = new IdempotentConsumer<{ effects: { n: number; latency_ms: number } }>({
  db,
  bus,
  logger,
  stream,
  durable: 'bench',
  catalogue: [ping],
  handlers: {
    [ping.type]: async (e, trx) => {
      const d = e.data as { n: number; sentAt: number };
      await trx
        .insertInto('effects')
        .values({ n: d.n, latency_ms: performance.timeOrigin + performance.now() - d.sentAt })
        .execute();
    },
  },
});
await consumer.start();
relay.start();

const count = async () =>
  Number(
    (
      await db
        .selectFrom('effects')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const until = async (n: number) => {
  while ((await count()) < n) await new Promise((r) => setTimeout(r, 20));
};
const now = () => performance.timeOrigin + performance.now();
/** Writes ping number `n` to the outbox, stamped with when it was sent (the latency's start). */
const appendPing = (trx: Parameters<typeof appendEvent>[0], aggregateId: string, n: number) =>
  appendEvent(
    trx,
    ping,
    buildEvent(ping, { court: 'JL-CC-NG', aggregateId, actor: null, data: { n, sentAt: now() } }),
  );

// 1. Throughput through the kit.
let t = performance.now();
for (let i = 0; i < events; i += 1000) {
  await db.transaction().execute(async (trx) => {
    for (let j = i; j < Math.min(events, i + 1000); j++) {
      await appendPing(trx, `a${j % 100}`, j);
    }
  });
  relay.wake();
}
await until(events);
const kitSeconds = (performance.now() - t) / 1000;

// 2. Latency through the kit at a steady rate.
await db.deleteFrom('effects').execute();
const total = rate * seconds;
t = performance.now();
for (let i = 0; i < total; i++) {
  const due = t + (i * 1000) / rate;
  const wait = due - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  await db.transaction().execute(async (trx) => {
    await appendPing(trx, `l${i % 50}`, i);
  });
  relay.wake();
}
await until(total);
const kitLat = (await db.selectFrom('effects').select('latency_ms').execute()).map((r) => r.latency_ms);
await consumer.stop();
await relay.stop();

// 3. Baseline: bare JetStream publish → consume, same counts, no database.
const subject = `${namespace}.bench.raw.v1`;
await bus.jsm.consumers.add(stream, {
  durable_name: 'raw',
  ack_policy: AckPolicy.Explicit,
  filter_subject: subject,
});
const raw = await (await bus.js.consumers.get(stream, 'raw')).consume({ max_messages: 256 });
const rawLat: number[] = [];
let rawSeen = 0;
const rawDone = (n: number) =>
  new Promise<void>((resolve) => {
    const tick = () => (rawSeen >= n ? resolve() : setTimeout(tick, 5));
    tick();
  });
void (async () => {
  for await (const m of raw) {
    const d = m.json<{ sentAt: number; phase: string }>();
    if (d.phase === 'lat') rawLat.push(now() - d.sentAt);
    m.ack();
    rawSeen++;
  }
})();
t = performance.now();
await Promise.all(
  Array.from({ length: events }, (_, i) =>
    bus.js.publish(subject, JSON.stringify({ n: i, sentAt: now(), phase: 'tp' })),
  ),
);
await rawDone(events);
const rawSeconds = (performance.now() - t) / 1000;
t = performance.now();
for (let i = 0; i < total; i++) {
  const wait = t + (i * 1000) / rate - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  await bus.js.publish(subject, JSON.stringify({ n: i, sentAt: now(), phase: 'lat' }));
}
await rawDone(events + total);
await raw.close();

console.log(
  `outbox → JetStream → inbox, ${events} events, latency at ${rate}/s for ${seconds} s (2-core machine, same run)`,
);
console.log(`| figure | through the kit | bare JetStream baseline | ratio |`);
console.log(`|---|---|---|---|`);
console.log(
  `| throughput | ${Math.round(events / kitSeconds)} events/s | ${Math.round(events / rawSeconds)} msgs/s | ${(rawSeconds / kitSeconds).toFixed(2)}× |`,
);
for (const p of [50, 95, 99]) {
  console.log(
    `| latency p${p} | ${ms(pct(kitLat, p))} | ${ms(pct(rawLat, p))} | ${(pct(kitLat, p) / pct(rawLat, p)).toFixed(1)}× |`,
  );
}
await bus.jsm.streams.delete(stream).catch(() => undefined);
await bus.close();
await close();
await tdb.drop();
