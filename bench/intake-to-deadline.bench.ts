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
// Latency of one record = the moment its duties are first seen in the monitor's database
// (polled every 2 ms; the monitor's API reads the same rows) − the moment intake answered
// 201 to POST /v1/records (after its commit). Both instants are taken in this process.
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { AckPolicy } from '@nats-io/jetstream';
import { STREAMS, streamNameFor } from '@jir/contracts';
import { connectBus, createLogger, ensureStream, signUserToken } from '@jir/service-kit';
import { freePort, resolveNats, resolvePostgres, uniqueName, waitFor } from '@jir/testing';
import { cpuMsSince, cpuSnapshot } from './process-cpu.js';

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
  const port = await freePort();
  const proc: ChildProcess = spawn(
    process.execPath,
    [
      ...(process.env['BENCH_CPU_PROF']
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env['BENCH_CPU_PROF']}`]
        : []),
      fileURLToPath(new URL(`../apps/${app}/dist/main.js`, import.meta.url)),
    ],
    {
      env: {
        ...process.env,
        PORT: String(port),
        DATABASE_URL: dbUrl,
        NATS_URL: natsUrl,
        BUS_NAMESPACE: namespace,
        AUTH_PUBLIC_KEY: publicKeyPem,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  started.push(proc);
  const base = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${base}/readyz`).catch(() => undefined))?.ok || undefined, {
    // Generous: on a loaded shared machine a start (migrations, streams) can take a minute.
    timeoutMs: 180_000,
    what: `${app} ready`,
  });
  return { base, dbName, dbUrl, proc };
}

const started: ChildProcess[] = [];
// A failed run must not leave the two services running.
process.on('exit', () => started.forEach((p) => p.kill('SIGKILL')));
const intake = await start('intake');
const monitor = await start('deadline-monitor');
const monitorDb = new pg.Client({ connectionString: monitor.dbUrl });
await monitorDb.connect();
const intakeDb = new pg.Client({ connectionString: intake.dbUrl });
await intakeDb.connect();

// Received today in Beijing, so the duties are ordinary pending ones (not created overdue).
const receivedAt = new Date(Date.now() - 3_600_000).toISOString();
let n = 0;
async function post(): Promise<{ id: string; committedAt: number }> {
  const key = crypto.randomUUID();
  const caseNumber = `(2026)吉0102民初${n++}号`;
  // A kept-alive socket the server closed is retried once with the same Idempotency-Key (one
  // record either way); the latency still runs from the 201 that arrives.
  const r = await send(key, caseNumber).catch(() => send(key, caseNumber));
  const committedAt = performance.now();
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
    body: JSON.stringify({
      caseNumber,
      stage: 'trial',
      receivedAt,
      communicatedAt: receivedAt,
      form: 'telephone',
      interferer: {
        name: '王某',
        unit: '某市某局',
        position: '局长',
        unitType: 'administrative-organ',
        kind: 'leading-cadre',
      },
      content: '来电要求对被执行人的财产解除查封',
      specialItems: ['SR07'],
    }),
  });
}

/** Posts `count` records at `rate`/s and returns commit → visible latencies. */
async function intakeToDeadline(count: number): Promise<{ lat: number[]; ids: string[] }> {
  const waiting = new Map<string, number>();
  const ids: string[] = [];
  const lat: number[] = [];
  let posted = 0;
  let polling = true;
  const poller = (async () => {
    while (polling || waiting.size > 0) {
      if (waiting.size > 0) {
        const ids = [...waiting.keys()];
        const seen = await monitorDb.query<{ record_id: string }>(
          'SELECT DISTINCT record_id FROM obligations WHERE record_id = ANY($1::text[])',
          [ids],
        );
        const at = performance.now();
        for (const { record_id } of seen.rows) {
          lat.push(at - waiting.get(record_id)!);
          waiting.delete(record_id);
        }
      }
      await new Promise((r) => setTimeout(r, 2));
    }
  })();
  const t0 = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const wait = t0 + (i * 1000) / rate - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inflight.push(
      post().then(({ id, committedAt }) => {
        waiting.set(id, committedAt);
        ids.push(id);
        posted++;
      }),
    );
  }
  await Promise.all(inflight);
  await waitFor(async () => waiting.size === 0 || undefined, { timeoutMs: 60_000, what: 'every duty seen' });
  polling = false;
  await poller;
  if (posted !== count || lat.length !== count) throw new Error(`${lat.length} of ${count} seen`);
  return { lat, ids };
}

/**
 * Where the time goes, per record, from the timestamps both databases keep (one machine, one
 * clock): intake's transaction start (outbox created_at) → published (relay's mark) → the
 * monitor's consuming transaction start (inbox received_at) → the duty's row (its created_at,
 * the handler's instant). Medians and p99 of each stage.
 */
async function stages(ids: string[]) {
  const out = await intakeDb.query<{ id: string; aggregate_id: string; created: number; published: number }>(
    `SELECT id, aggregate_id, extract(epoch FROM created_at) * 1000 AS created,
            extract(epoch FROM published_at) * 1000 AS published
       FROM outbox WHERE aggregate_id = ANY($1::text[]) AND subject LIKE 'intake.record.%'`,
    [ids],
  );
  const inbox = await monitorDb.query<{ event_id: string; received: number }>(
    `SELECT event_id, extract(epoch FROM received_at) * 1000 AS received FROM inbox WHERE event_id = ANY($1::uuid[])`,
    [out.rows.map((r) => r.id)],
  );
  const duty = await monitorDb.query<{ record_id: string; created: number }>(
    `SELECT record_id, min(extract(epoch FROM created_at) * 1000) AS created FROM obligations
      WHERE record_id = ANY($1::text[]) GROUP BY record_id`,
    [ids],
  );
  const received = new Map(inbox.rows.map((r) => [r.event_id, Number(r.received)]));
  const dutyAt = new Map(duty.rows.map((r) => [r.record_id, Number(r.created)]));
  const s = { relay: [] as number[], bus: [] as number[], handler: [] as number[] };
  for (const r of out.rows) {
    const rec = received.get(r.id);
    const d = dutyAt.get(r.aggregate_id);
    if (rec === undefined || d === undefined) continue;
    s.relay.push(Number(r.published) - Number(r.created));
    s.bus.push(rec - Number(r.published));
    s.handler.push(d - rec);
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
const where = await stages(run.ids);
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
console.log('\nwhere the time goes (from the rows both databases keep):');
console.log('| stage | p50 | p99 |');
console.log('|---|---|---|');
for (const [name, xs] of [
  ['intake transaction start → published (outbox relay)', where.relay],
  ["published → the monitor's consuming transaction starts (bus, fetch, queue)", where.bus],
  ['consuming transaction start → duty row written (handler)', where.handler],
] as const)
  console.log(`| ${name} | ${ms(pct(xs, 50))} | ${ms(pct(xs, 99))} |`);

console.log(
  '\nCPU per record during the measured run (2 cores: more than 20 ms per record in all at 100/s saturates them):',
);
console.log('| process | CPU ms / record |');
console.log('|---|---|');
for (const [name, x] of Object.entries(cpuPerRecord)) console.log(`| ${name} | ${x.toFixed(2)} |`);

await monitorDb.end();
await intakeDb.end();
for (const s of [intake, monitor]) {
  s.proc.kill('SIGTERM');
  await new Promise((r) => s.proc.once('exit', r));
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
