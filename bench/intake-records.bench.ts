// POST /v1/records against the intake service running as its own process
// (dist/main.js), beside the R-NF-1 baseline measured in the same run: a raw
// `pg` insert of the same rows into the same table in one transaction.
//
// Figures: records/s at 8, 32 and 128 clients; the service's CPU time per
// record (user + system time of its process from /proc, what process.cpuUsage()
// reports inside it) and how many cores it kept busy, the PostgreSQL backends'
// and the load generator's CPU per record; the latency at a fixed rate of half
// the measured saturation and at 200 req/s; the machine and its load average
// at the start and at the end. The load comes from autocannon in its own
// process (bench/http-load.ts).
//
//   npm run build && node --import tsx bench/intake-records.bench.ts [seconds=10] [clients=8,32,128] [rate=200]
//
// BENCH_INTAKE_MAIN=<path to an intake dist/main.js>: measure that build instead
// (an older checkout, for a before/after under the same load and baseline).
// BENCH_INTAKE_INSTANCES=<n>: run n instances of the service on one database
// and one bus, the load spread evenly over them as a balancer would.
// BENCH_CPU_PROF=<dir>: each instance writes a V8 CPU profile there when it stops.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { resolveNats, resolvePostgres, uniqueName, recordBody, testUsers } from '@jir/testing';
import { cpuMsSince, cpuSnapshot, machineLine } from './process-cpu.js';
import { startServiceProcess, stopServiceProcess, type ServiceProcess } from './service-process.js';

const args = process.argv.slice(2);
const seconds = Number(args[0] ?? 10);
const clientCounts = (args[1] ?? '8,32,128').split(',').map(Number);
const fixedRate = Number(args[2] ?? 200);
const machineAtStart = machineLine();

const admin = await resolvePostgres();
const dbName = uniqueName('jir_bench_intake').replace(/-/g, '_');
const dbUrl = Object.assign(new URL(admin), { pathname: `/${dbName}` }).toString();
const users = testUsers();
const token = await users.token();

const main =
  process.env['BENCH_INTAKE_MAIN'] ?? fileURLToPath(new URL('../apps/intake/dist/main.js', import.meta.url));
const instanceCount = Math.max(1, Number(process.env['BENCH_INTAKE_INSTANCES'] ?? 1));
const namespace = uniqueName('bench');
const natsUrl = await resolveNats();
/** One instance of the service on its own port; all of them share the database and the bus. */
const startInstance = () =>
  startServiceProcess(main, {
    DATABASE_URL: dbUrl,
    NATS_URL: natsUrl,
    BUS_NAMESPACE: namespace,
    AUTH_PUBLIC_KEY: users.publicKeyPem,
  });
// One after the other: the first applies the migrations.
const instances: ServiceProcess[] = [];
for (let i = 0; i < instanceCount; i++) instances.push(await startInstance());
const servicePids = instances.map((i) => i.proc.pid!);

// autocannon puts each request's number for {n}: every record its own case.
const body = JSON.stringify(recordBody({ caseNumber: '(2026)吉0102民初{n}号', enter: true }));

interface LoadResult {
  '2xx': number;
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
  sent: number;
  latency: { p50: number; p97_5: number; p99: number };
  generatorCpuMs: number;
}
let first = 0;
const run = promisify(execFile);
/** One load phase by autocannon in its own process. */
async function load(connections: number, secs: number, rate?: number): Promise<LoadResult> {
  const spec = {
    urls: instances.map((i) => `${i.base}/v1/records`),
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body,
    connections,
    seconds: secs,
    first,
    ...(rate ? { rate } : {}),
  };
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./http-load.ts', import.meta.url)), JSON.stringify(spec)],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const r = JSON.parse(stdout) as LoadResult;
  first += r.sent;
  return r;
}

const db = new pg.Client({ connectionString: admin });
await db.connect();
/** PostgreSQL backends serving the benchmark's database (the services' pools). */
const backends = async () =>
  (await db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [dbName])).rows.map(
    (r) => r.pid,
  );

interface Phase {
  label: string;
  result: LoadResult;
  perSecond: number;
  serviceCpuMsPerRecord: number;
  /** The services' CPU time over the phase's time: 1.0 is one core kept busy. */
  serviceCores: number;
  pgCpuMsPerRecord: number;
  generatorCpuMsPerRecord: number;
}
async function phase(label: string, connections: number, rate?: number): Promise<Phase> {
  const pg0 = cpuSnapshot(await backends());
  const svc0 = cpuSnapshot(servicePids);
  const result = await load(connections, seconds, rate);
  const svcMs = cpuMsSince(svc0);
  const pgMs = cpuMsSince(pg0);
  const n = Math.max(1, result['2xx']);
  return {
    label,
    result,
    perSecond: result['2xx'] / result.duration,
    serviceCpuMsPerRecord: svcMs / n,
    serviceCores: svcMs / (result.duration * 1000),
    pgCpuMsPerRecord: pgMs / n,
    generatorCpuMsPerRecord: result.generatorCpuMs / n,
  };
}

// Warm-up (not counted): the service's JIT, its pool, the identity of the interferer.
const warmUp = await load(32, 3);

const byClients: Phase[] = [];
for (const c of clientCounts) byClients.push(await phase(`${c} clients`, c));
const saturation = Math.max(...byClients.map((p) => p.perSecond));
const halfRate = Math.max(1, Math.round(saturation / 2));
const atHalf = await phase(`${halfRate} req/s (half of saturation)`, 32, halfRate);
const atFixed = await phase(`${fixedRate} req/s`, 32, fixedRate);

// Baseline: as many rows as the 32-client phase created (or the first phase's), raw pg, one transaction, same table.
const rows = Math.max(
  1,
  Math.round((byClients.find((p) => p.label === '32 clients') ?? byClients[0]!).result['2xx']),
);
const client = new pg.Client({ connectionString: dbUrl });
await client.connect();
const b0 = performance.now();
await client.query('BEGIN');
for (let i = 0; i < rows; i++) {
  await client.query(
    `INSERT INTO records (id, court, division, handler, state, revision, case_number, stage, form, received_at, first_received_at,
      communicated_at, interferer, interferer_kind, unit_type, content, special_items, suggested_items, severe, involves_principal_leader,
      place, persons_present, no_other_person_present, entered_at)
     VALUES (gen_random_uuid(), 'JL-CC-NG', 'civil-1', 'judge-a', 'entered', 1, $1, 'trial', 'telephone', $2, $2, $3, $4, 'leading-cadre',
      'administrative-organ', $5, ARRAY['SR07'], ARRAY['SR07'], false, false, '办公室（接听电话）', '[]', true, now())`,
    [
      `(2026)吉0102民初b${i}号`,
      '2026-03-03T02:00:00Z',
      '2026-03-03T01:30:00Z',
      JSON.stringify({ name: '王某' }),
      '来电要求对被执行人的财产解除查封',
    ],
  );
}
await client.query('COMMIT');
const baseline = rows / ((performance.now() - b0) / 1000);
// Honesty check: every 201 is a record in the table (the baseline's rows excluded).
const { stored, entered } = (
  await client.query<{ stored: number; entered: number }>(
    `SELECT count(*)::int AS stored, count(*) FILTER (WHERE state = 'entered')::int AS entered
       FROM records WHERE case_number NOT LIKE '%b%'`,
  )
).rows[0]!;
await client.end();
const phases = [...byClients, atHalf, atFixed];
const answered = phases.reduce((s, p) => s + p.result['2xx'], warmUp['2xx']);
const sent = phases.reduce((s, p) => s + p.result.sent, warmUp.sent);

const ms = (x: number) => `${x.toFixed(1)} ms`;
const cpu = (x: number) => `${x.toFixed(3)} ms`;
console.log(`service: ${main}, ${instanceCount} instance${instanceCount > 1 ? 's' : ''}`);
console.log(`machine at start: ${machineAtStart}`);
console.log(
  `POST /v1/records (entered at once, with version, audit entry and outbox event), service in its own process, ${seconds} s per phase, load from autocannon in its own process`,
);
console.log('');
console.log(
  '| clients | records/s | baseline: raw pg insert, one transaction | ratio | p50 | p99 | service CPU / record | service cores busy | PostgreSQL backends CPU / record | load generator CPU / record | refused or failed |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const p of byClients) {
  const r = p.result;
  console.log(
    `| ${p.label} | ${Math.round(p.perSecond)} | ${Math.round(baseline)} rows/s | ${(p.perSecond / baseline).toFixed(2)}× | ${ms(r.latency.p50)} | ${ms(r.latency.p99)} | ${cpu(p.serviceCpuMsPerRecord)} | ${p.serviceCores.toFixed(2)} | ${cpu(p.pgCpuMsPerRecord)} | ${cpu(p.generatorCpuMsPerRecord)} | ${r.non2xx + r.errors + r.timeouts} |`,
  );
}
console.log('');
console.log(
  `saturation ${Math.round(saturation)} records/s = ${(saturation / baseline).toFixed(2)}× the baseline (target ≥ 0.5×)`,
);
console.log('');
console.log(
  '| fixed rate (32 connections) | achieved | p50 | p97.5 | p99 | service CPU / record | refused or failed |',
);
console.log('|---|---|---|---|---|---|---|');
for (const p of [atHalf, atFixed]) {
  const r = p.result;
  console.log(
    `| ${p.label} | ${Math.round(p.perSecond)}/s | ${ms(r.latency.p50)} | ${ms(r.latency.p97_5)} | ${ms(r.latency.p99)} | ${cpu(p.serviceCpuMsPerRecord)} | ${r.non2xx + r.errors + r.timeouts} |`,
  );
}
console.log('');
// Requests still in flight when a phase's time is up are stored but not counted as answered.
console.log(
  `requests sent ${sent}, 201 answers counted ${answered}, records stored by the service ${stored} (entered ${entered})`,
);
console.log(`machine at end: ${machineLine()}`);

await Promise.all(instances.map(stopServiceProcess));
await db.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
await db.end();
