// R-NF-2: intake commit → obligation visible in the deadline monitor, p50/p99 at a fixed rate
// (default 100 records/s), both services as their own processes (built dist/main.js) on one
// bus namespace, beside the bare JetStream round trip (publish → consume, no database, no
// service) measured in the same run at the same rate.
//
//   npm run build && node --import tsx bench/intake-to-deadline.bench.ts [seconds=10] [rate=100]
//
// BENCH_CPU_PROF=<dir>: both services write a V8 CPU profile there when they stop (summarise
// each with bench/cpu-profile-summary.ts).
//
// Latency of one record = the moment this process is told its duties are committed in the
// monitor's database − the moment intake answered 201 to POST /v1/records (after its commit).
// Told by a LISTEN/NOTIFY trigger the benchmark adds to the monitor's database (a notification
// is delivered at commit, when the rows become visible to the monitor's API), rather than by
// polling, whose queries every few ms would take CPU from the services measured. Both instants
// are taken in this process.
import { generateKeyPairSync } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { AckPolicy } from '@nats-io/jetstream';
import { STREAMS, streamNameFor } from '@jir/contracts';
import { connectBus, createLogger, ensureStream, signUserToken } from '@jir/service-kit';
import { recordBody, resolveNats, resolvePostgres, uniqueName, waitFor } from '@jir/testing';
import { cpuMsSince, cpuSnapshot } from './process-cpu.js';
import { startServiceProcess, stopServiceProcess } from './service-process.js';

const [seconds = 10, rate = 100] = process.argv.slice(2).map(Number);
const total = Math.round(seconds * rate);
const admin = await resolvePostgres();
const natsUrl = await resolveNats();
const namespace = uniqueName('bench');
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const token = await signUserToken(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), {
  sub: 'judge-a',
  court: 'JL-CC-NG',
  division: 'civil-1',
  roles: ['case-handler'],
});
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;
const ms = (x: number) => `${x.toFixed(1)} ms`;

/** One service from its built entry point, on a database of its own, on the shared namespace. */
async function start(app: string) {
  const dbName = uniqueName(`jir_bench_${app.replace(/-/g, '_')}`).replace(/-/g, '_');
  const dbUrl = Object.assign(new URL(admin), { pathname: `/${dbName}` }).toString();
  const service = await startServiceProcess(
    fileURLToPath(new URL(`../apps/${app}/dist/main.js`, import.meta.url)),
    { DATABASE_URL: dbUrl, NATS_URL: natsUrl, BUS_NAMESPACE: namespace, AUTH_PUBLIC_KEY: publicKeyPem },
    app,
  );
  return { ...service, dbName, dbUrl };
}

const intake = await start('intake');
const monitor = await start('deadline-monitor');
const monitorDb = new pg.Client({ connectionString: monitor.dbUrl });
await monitorDb.connect();
// The instrument: after each insert into obligations, the record ids it added are notified at
// commit (chunks of 150 ids, under NOTIFY's 8,000-byte payload limit).
await monitorDb.query(`
  CREATE FUNCTION bench_notify_duties() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE ids text[];
  BEGIN
    SELECT array_agg(DISTINCT record_id) INTO ids FROM added WHERE record_id IS NOT NULL;
    FOR i IN 0 .. coalesce(array_length(ids, 1) - 1, -1) / 150 LOOP
      PERFORM pg_notify('bench_duties', array_to_string(ids[i * 150 + 1 : i * 150 + 150], ','));
    END LOOP;
    RETURN NULL;
  END $$;
  CREATE TRIGGER bench_notify_duties AFTER INSERT ON obligations REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION bench_notify_duties();
  LISTEN bench_duties;`);
/** Wall-clock milliseconds with sub-millisecond precision: comparable with both databases' clocks. */
const nowMs = () => performance.timeOrigin + performance.now();
/** When each record's duties were first notified committed. */
const seenAt = new Map<string, number>();
monitorDb.on('notification', (m) => {
  const at = nowMs();
  for (const id of m.payload?.split(',') ?? []) if (!seenAt.has(id)) seenAt.set(id, at);
});

// Received today in Beijing, so the duties are ordinary pending ones (not created overdue).
const receivedAt = new Date(Date.now() - 3_600_000).toISOString();
let n = 0;
async function post(): Promise<{ id: string; committedAt: number }> {
  const key = crypto.randomUUID();
  const caseNumber = `(2026)吉0102民初${n++}号`;
  // A kept-alive socket the server closed is retried once with the same Idempotency-Key (one
  // record either way); the latency still runs from the 201 that arrives.
  const r = await send(key, caseNumber).catch(() => send(key, caseNumber));
  const committedAt = nowMs();
  const body = (await r.json()) as { id: string };
  if (r.status !== 201) throw new Error(`intake answered ${r.status}: ${JSON.stringify(body)}`);
  return { id: body.id, committedAt };
}
function send(key: string, caseNumber: string) {
  return fetch(`${intake.base}/v1/records`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'idempotency-key': key,
    },
    body: JSON.stringify(recordBody({ caseNumber, receivedAt, communicatedAt: receivedAt })),
  });
}

/** Posts `count` records at `rate`/s and returns commit → visible latencies. */
async function intakeToDeadline(count: number): Promise<{ lat: number[]; records: Map<string, number> }> {
  const records = new Map<string, number>();
  const t0 = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const wait = t0 + (i * 1000) / rate - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inflight.push(post().then(({ id, committedAt }) => void records.set(id, committedAt)));
  }
  await Promise.all(inflight);
  await waitFor(async () => [...records.keys()].every((id) => seenAt.has(id)) || undefined, {
    timeoutMs: 60_000,
    what: 'every duty seen',
  });
  if (records.size !== count) throw new Error(`${records.size} of ${count} records created`);
  // A notification can overtake the 201 on its way to this busy process: such a record counts 0.
  const lat = [...records].map(([id, committedAt]) => Math.max(0, seenAt.get(id)! - committedAt));
  return { lat, records };
}

/**
 * Where the time goes, per record, on one clock (one machine): the 201 → the record's event
 * stored in JetStream (the stream's own timestamp: intake's relay claimed and published it) →
 * the monitor's consuming transaction starts (inbox received_at) → the duty's row (its
 * created_at, the handler's instant) → its commit notified here. Medians and p99 of each stage.
 */
async function stages(records: Map<string, number>) {
  const stored = new Map<string, { eventId: string; at: number }>();
  const bus = await connectBus({
    url: natsUrl,
    name: 'bench-stages',
    namespace,
    logger: createLogger({ service: 'bench', level: 'warn' }),
  });
  const stream = streamNameFor(STREAMS.intake, namespace);
  const last = (await bus.jsm.streams.info(stream)).state.last_seq;
  const messages = await (await bus.js.consumers.get(stream)).consume();
  for await (const m of messages) {
    const e = m.json<{ id: string; type: string; aggregateId: string }>();
    if (e.type === 'intake.record.drafted' && records.has(e.aggregateId))
      stored.set(e.aggregateId, { eventId: e.id, at: Number(m.info.timestampNanos) / 1e6 });
    if (m.seq >= last) break;
  }
  await messages.close().catch(() => undefined);
  await bus.close();
  const inbox = await monitorDb.query<{ event_id: string; received: number }>(
    `SELECT event_id, extract(epoch FROM received_at) * 1000 AS received FROM inbox WHERE event_id = ANY($1::uuid[])`,
    [[...stored.values()].map((s) => s.eventId)],
  );
  const duty = await monitorDb.query<{ record_id: string; created: number }>(
    `SELECT record_id, min(extract(epoch FROM created_at) * 1000) AS created FROM obligations
      WHERE record_id = ANY($1::text[]) GROUP BY record_id`,
    [[...records.keys()]],
  );
  const received = new Map(inbox.rows.map((r) => [r.event_id, Number(r.received)]));
  const dutyAt = new Map(duty.rows.map((r) => [r.record_id, Number(r.created)]));
  const s = { relay: [] as number[], bus: [] as number[], handler: [] as number[], commit: [] as number[] };
  for (const [id, committedAt] of records) {
    const st = stored.get(id);
    const rec = st && received.get(st.eventId);
    const d = dutyAt.get(id);
    if (!st || rec === undefined || d === undefined) continue;
    s.relay.push(st.at - committedAt);
    s.bus.push(rec - st.at);
    s.handler.push(d - rec);
    s.commit.push(seenAt.get(id)! - d);
  }
  return s;
}

/** Baseline: the same number of messages through JetStream alone (publish → consume, acked). */
async function bareJetStream(count: number): Promise<number[]> {
  const bus = await connectBus({
    url: natsUrl,
    name: 'bench-baseline',
    namespace,
    logger: createLogger({ service: 'bench', level: 'warn' }),
  });
  const stream = await ensureStream(bus.jsm, { name: 'BENCHRT', domain: 'benchrt' }, namespace);
  const subject = `${namespace}.benchrt.ping.v1`;
  await bus.jsm.consumers.add(stream, { durable_name: 'rt', ack_policy: AckPolicy.Explicit });
  const messages = await (await bus.js.consumers.get(stream, 'rt')).consume({ max_messages: 256 });
  const lat: number[] = [];
  void (async () => {
    for await (const m of messages) {
      lat.push(performance.now() - m.json<{ sentAt: number }>().sentAt);
      m.ack();
    }
  })();
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const wait = t0 + (i * 1000) / rate - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    await bus.js.publish(subject, JSON.stringify({ n: i, sentAt: performance.now(), pad: 'x'.repeat(900) }));
  }
  await waitFor(async () => lat.length >= count || undefined, {
    timeoutMs: 30_000,
    what: 'baseline consumed',
  });
  await messages.close();
  await bus.jsm.streams.delete(stream).catch(() => undefined);
  await bus.close();
  return lat;
}

// Warm-up (connections, JIT, the monitor's first calendar read), then the measured runs.
await intakeToDeadline(Math.min(100, total));
/** PostgreSQL backends serving both services' databases (their pools and this process's clients). */
const backends = async () =>
  (
    await monitorDb.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = ANY($1::text[])',
      [[intake.dbName, monitor.dbName]],
    )
  ).rows.map((r) => r.pid);
const cpu0 = {
  intake: cpuSnapshot([intake.proc.pid!]),
  monitor: cpuSnapshot([monitor.proc.pid!]),
  pg: cpuSnapshot(await backends()),
  bench: process.cpuUsage(),
};
const run = await intakeToDeadline(total);
const cpuPerRecord = {
  intake: cpuMsSince(cpu0.intake) / total,
  monitor: cpuMsSince(cpu0.monitor) / total,
  postgres: cpuMsSince(cpu0.pg) / total,
  'this process (load, poller)':
    (({ user, system }) => (user + system) / 1000)(process.cpuUsage(cpu0.bench)) / total,
};
const measured = run.lat;
const where = await stages(run.records);
const baseline = await bareJetStream(total);
const [load1] = (await import('node:os')).loadavg();

console.log(
  `intake commit → obligation visible in the deadline monitor, ${total} records at ${rate}/s, both services in their own processes; baseline: bare JetStream publish → consume at the same rate (same run)`,
);
console.log('| figure | intake → deadline monitor | bare JetStream round trip | ratio |');
console.log('|---|---|---|---|');
for (const p of [50, 95, 99])
  console.log(
    `| latency p${p} | ${ms(pct(measured, p))} | ${ms(pct(baseline, p))} | ${(pct(measured, p) / pct(baseline, p)).toFixed(1)}× |${p === 99 ? ' target < 150 ms |' : ''}`,
  );

console.log(
  `\nload average (1 min) at the end of the run: ${load1!.toFixed(1)} (2 cores; other work on the machine inflates both columns)`,
);
console.log("\nwhere the time goes (the stream's timestamps and the rows both databases keep):");
console.log('| stage | p50 | p99 |');
console.log('|---|---|---|');
for (const [name, xs] of [
  ["201 → the record's event stored in JetStream (intake's relay; < 0 when it beat the answer)", where.relay],
  ["stored → the monitor's consuming transaction starts (delivery, fetch, the batch before)", where.bus],
  ['consuming transaction start → duty row made (handler)', where.handler],
  ['duty row made → its commit notified (rest of the batch, commit)', where.commit],
] as const)
  console.log(`| ${name} | ${ms(pct(xs, 50))} | ${ms(pct(xs, 99))} |`);

console.log(
  '\nCPU per record during the measured run (2 cores: more than 20 ms per record in all at 100/s saturates them):',
);
console.log('| process | CPU ms / record |');
console.log('|---|---|');
for (const [name, x] of Object.entries(cpuPerRecord)) console.log(`| ${name} | ${x.toFixed(2)} |`);

await monitorDb.end();
for (const s of [intake, monitor]) {
  await stopServiceProcess(s);
}
const c = new pg.Client({ connectionString: admin });
await c.connect();
for (const s of [intake, monitor]) await c.query(`DROP DATABASE IF EXISTS "${s.dbName}" WITH (FORCE)`);
await c.end();
const cleanup = await connectBus({
  url: natsUrl,
  name: 'bench-cleanup',
  namespace,
  logger: createLogger({ service: 'bench', level: 'warn' }),
});
// The services' streams on this run's namespace.
for (const stream of Object.values(STREAMS))
  await cleanup.jsm.streams.delete(streamNameFor(stream, namespace)).catch(() => undefined);
await cleanup.close();
