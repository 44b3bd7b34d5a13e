// R-NF-2: intake commit → obligation visible in the deadline monitor, p50/p99 at a fixed rate
// (default 100 records/s), both services as their own processes (built dist/main.js) on one
// bus namespace, beside the bare JetStream round trip (publish → consume, no database, no
// service) measured in the same run at the same rate.
//
//   npm run build && node --import tsx bench/intake-to-deadline.bench.ts [seconds=10] [rate=100]
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
    [fileURLToPath(new URL(`../apps/${app}/dist/main.js`, import.meta.url))],
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
  const base = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${base}/readyz`).catch(() => undefined))?.ok || undefined, {
    timeoutMs: 60_000,
    what: `${app} ready`,
  });
  return { base, dbName, dbUrl, proc };
}

const intake = await start('intake');
const monitor = await start('deadline-monitor');
const monitorDb = new pg.Client({ connectionString: monitor.dbUrl });
await monitorDb.connect();

// Received today in Beijing, so the duties are ordinary pending ones (not created overdue).
const receivedAt = new Date(Date.now() - 3_600_000).toISOString();
let n = 0;
async function post(): Promise<{ id: string; committedAt: number }> {
  const r = await fetch(`${intake.base}/v1/records`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      caseNumber: `(2026)吉0102民初${n++}号`,
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
  const committedAt = performance.now();
  const body = (await r.json()) as { id: string };
  if (r.status !== 201) throw new Error(`intake answered ${r.status}: ${JSON.stringify(body)}`);
  return { id: body.id, committedAt };
}

/** Posts `count` records at `rate`/s and returns commit → visible latencies. */
async function intakeToDeadline(count: number): Promise<number[]> {
  const waiting = new Map<string, number>();
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
        posted++;
      }),
    );
  }
  await Promise.all(inflight);
  await waitFor(async () => waiting.size === 0 || undefined, { timeoutMs: 60_000, what: 'every duty seen' });
  polling = false;
  await poller;
  if (posted !== count || lat.length !== count) throw new Error(`${lat.length} of ${count} seen`);
  return lat;
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
const measured = await intakeToDeadline(total);
const baseline = await bareJetStream(total);

console.log(
  `intake commit → obligation visible in the deadline monitor, ${total} records at ${rate}/s, both services in their own processes; baseline: bare JetStream publish → consume at the same rate (same run)`,
);
console.log('| figure | intake → deadline monitor | bare JetStream round trip | ratio |');
console.log('|---|---|---|---|');
for (const p of [50, 95, 99])
  console.log(
    `| latency p${p} | ${ms(pct(measured, p))} | ${ms(pct(baseline, p))} | ${(pct(measured, p) / pct(baseline, p)).toFixed(1)}× |${p === 99 ? ' target < 150 ms |' : ''}`,
  );

await monitorDb.end();
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
