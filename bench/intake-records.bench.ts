// POST /v1/records: sustained records/s and latency at a fixed rate, against
// the intake service running as its own process (dist/main.js), beside the
// R-NF-1 baseline measured in the same run: a raw `pg` insert of the same
// rows into the same table in one transaction.
//
//   npm run build && node --import tsx bench/intake-records.bench.ts [seconds=10] [concurrency=32] [rate=200]
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { signUserToken } from '@jir/service-kit';
import { freePort, resolveNats, resolvePostgres, uniqueName, waitFor } from '@jir/testing';

const [seconds = 10, concurrency = 32, rate = 200] = process.argv.slice(2).map(Number);
const admin = await resolvePostgres();
const dbName = uniqueName('jir_bench_intake').replace(/-/g, '_');
const dbUrl = Object.assign(new URL(admin), { pathname: `/${dbName}` }).toString();
const port = await freePort();
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const token = await signUserToken(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), {
  sub: 'judge-a',
  court: 'JL-CC-NG',
  division: 'civil-1',
  roles: ['case-handler'],
});

const svc = spawn(
  process.execPath,
  [
    ...(process.env['BENCH_CPU_PROF']
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env['BENCH_CPU_PROF']}`]
      : []),
    fileURLToPath(new URL('../apps/intake/dist/main.js', import.meta.url)),
  ],
  {
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: dbUrl,
      NATS_URL: await resolveNats(),
      BUS_NAMESPACE: uniqueName('bench'),
      AUTH_PUBLIC_KEY: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  },
);
const base = `http://127.0.0.1:${port}`;
await waitFor(async () => (await fetch(`${base}/readyz`)).ok || undefined, { timeoutMs: 30_000 });

const body = (i: number) =>
  JSON.stringify({
    caseNumber: `(2026)吉0102民初${i}号`,
    stage: 'trial',
    receivedAt: '2026-03-03T10:00:00+08:00',
    communicatedAt: '2026-03-03T09:30:00+08:00',
    form: 'telephone',
    // A call is spoken (R-RC-3): where it was taken, and that nobody else was there.
    place: '办公室（接听电话）',
    noOtherPersonPresent: true,
    interferer: {
      name: '王某',
      unit: '某市某局',
      position: '局长',
      unitType: 'administrative-organ',
      kind: 'leading-cadre',
    },
    content: '来电要求对被执行人的财产解除查封',
    specialItems: ['SR07'],
    enter: true,
  });
let n = 0;
const post = async () => {
  const t = performance.now();
  const r = await fetch(`${base}/v1/records`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body(n++),
  });
  await r.arrayBuffer();
  if (r.status !== 201) throw new Error(`status ${r.status}`);
  return performance.now() - t;
};
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;

// Warm-up, then sustained throughput with `concurrency` clients.
for (let i = 0; i < 200; i++) await post();
let done = 0;
const end = performance.now() + seconds * 1000;
const t0 = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (performance.now() < end) {
      await post();
      done++;
    }
  }),
);
const throughput = done / ((performance.now() - t0) / 1000);

// Latency at a fixed rate.
const lat: number[] = [];
const inflight: Promise<void>[] = [];
const start = performance.now();
for (let i = 0; i < rate * seconds; i++) {
  const wait = start + (i * 1000) / rate - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  inflight.push(post().then((ms) => void lat.push(ms)));
}
await Promise.all(inflight);

// Baseline: the same number of rows, raw pg, one transaction, same table.
const client = new pg.Client({ connectionString: dbUrl });
await client.connect();
const rows = done;
const b0 = performance.now();
await client.query('BEGIN');
for (let i = 0; i < rows; i++) {
  await client.query(
    `INSERT INTO records (id, court, division, handler, state, revision, case_number, stage, form, received_at, communicated_at,
      interferer, interferer_kind, unit_type, content, special_items, suggested_items, severe, involves_principal_leader, place, persons_present, entered_at)
     VALUES (gen_random_uuid(), 'JL-CC-NG', 'civil-1', 'judge-a', 'entered', 1, $1, 'trial', 'telephone', $2, $3, $4, 'leading-cadre',
      'administrative-organ', $5, ARRAY['SR07'], ARRAY['SR07'], false, false, null, '[]', now())`,
    [
      `(2026)吉0102民初${i}号`,
      '2026-03-03T02:00:00Z',
      '2026-03-03T01:30:00Z',
      JSON.stringify({ name: '王某' }),
      '来电要求对被执行人的财产解除查封',
    ],
  );
}
await client.query('COMMIT');
const baseline = rows / ((performance.now() - b0) / 1000);
await client.end();

console.log(
  `POST /v1/records (entered at once, with version, audit entry and outbox event), service in its own process, ${concurrency} clients for ${seconds} s; latency at ${rate} req/s`,
);
console.log('| figure | intake | baseline: raw pg insert, one transaction | ratio |');
console.log('|---|---|---|---|');
console.log(
  `| throughput | ${Math.round(throughput)} records/s | ${Math.round(baseline)} rows/s | ${(throughput / baseline).toFixed(2)}× (target ≥ 0.5×, ≥ 1,500/s) |`,
);
console.log(`| latency p50 at ${rate}/s | ${pct(lat, 50).toFixed(1)} ms | | |`);
console.log(`| latency p99 at ${rate}/s | ${pct(lat, 99).toFixed(1)} ms | | (target < 50 ms) |`);

svc.kill('SIGTERM');
await new Promise((r) => svc.once('exit', r));
const c = new pg.Client({ connectionString: admin });
await c.connect();
await c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
await c.end();
