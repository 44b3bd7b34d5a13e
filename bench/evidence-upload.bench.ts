// Evidence upload and download through the service (its own process,
// dist/main.js) beside a direct `minio` put/get of the same bytes to the same
// radosgw in the same run (R-NF-3): each size several times, the order of
// service and direct alternating between runs; the service's RSS sampled
// through each transfer: memory must not grow with file size. Per size, the
// median ratio beside the lowest, and the direct put's own spread: a store that
// swings shows there, whereas the service's share shows in the ratio. The
// machine and its load average at the start and at the end.
//
//   npm run build && node --import tsx bench/evidence-upload.bench.ts [MiB=256,512,1024] [runs=3]
//
// BENCH_RUNS=<n>: runs of each size when no second argument is given (more runs, steadier medians).
//
// BENCH_CPU_PROF=<dir>: the service writes a V8 CPU profile there when it stops (summarise it
// with bench/cpu-profile-summary.ts); the profile costs the service some time, so ratios measured
// with it on are not the figures.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from 'minio';
import { machineLine } from './process-cpu.js';
import pg from 'pg';
import { STREAMS, buildEvent, recordEntered, subjectFor } from '@jir/contracts';
import { connectBus, createLogger, ensureStream } from '@jir/service-kit';
import {
  recordEventFacts,
  TestObjectStoreServer,
  freePort,
  provisionEvidenceBucket,
  resolveNats,
  resolvePostgres,
  uniqueName,
  waitFor,
  testUsers,
} from '@jir/testing';

const MiB = 1024 * 1024;
const sizes = (process.argv[2] ?? '256,512,1024').split(',').map((m) => Number(m) * MiB);
const runs = Number(process.argv[3] ?? process.env['BENCH_RUNS'] ?? 3);
if (!Number.isSafeInteger(runs) || runs < 1) throw new Error(`runs must be a positive integer, not ${runs}`);
const machineAtStart = machineLine();

// Files: a PDF header, then random data (repeating a 4 MiB random block keeps generation fast).
const block = randomBytes(4 * MiB);
async function makeFile(size: number) {
  const path = join(tmpdir(), `jir-bench-${size}.pdf`);
  const out = createWriteStream(path);
  out.write('%PDF-1.7\n');
  let left = size - 9;
  while (left > 0) {
    const n = Math.min(left, block.length);
    if (!out.write(n === block.length ? block : block.subarray(0, n))) await once(out, 'drain');
    left -= n;
  }
  await new Promise<void>((r) => out.end(() => r()));
  return path;
}

const s3 = await TestObjectStoreServer.start({ memstoreBytes: 12 * 1024 ** 3 });
// The service's bucket is provisioned as a deployment's is (admin-owned, locked, least-privilege policy).
await provisionEvidenceBucket(s3.admin, 'bench-evidence');
const admin = await resolvePostgres();
const dbName = uniqueName('jir_bench_ev').replace(/-/g, '_');
const port = await freePort();
const namespace = uniqueName('bench');
const natsUrl = await resolveNats();
const users = testUsers();
const token = await users.token();
const svc = spawn(
  process.execPath,
  [
    ...(process.env['BENCH_CPU_PROF']
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env['BENCH_CPU_PROF']}`]
      : []),
    fileURLToPath(new URL('../apps/evidence-storage/dist/main.js', import.meta.url)),
  ],
  {
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: Object.assign(new URL(admin), { pathname: `/${dbName}` }).toString(),
      NATS_URL: natsUrl,
      BUS_NAMESPACE: namespace,
      S3_ENDPOINT: s3.endpoint,
      S3_ACCESS_KEY: s3.accessKey,
      S3_SECRET_KEY: s3.secretKey,
      S3_BUCKET: 'bench-evidence',
      AUTH_PUBLIC_KEY: users.publicKeyPem,
      LOG_LEVEL: 'warn',
    },
    // Its stderr goes to a pipe of ours: a caller piping our output must not wait for the service to end.
    stdio: ['ignore', 'ignore', 'pipe'],
  },
);
svc.stderr!.on('data', (d: Buffer) => process.stderr.write(d));
// A failing run must not leave the service behind.
process.on('exit', () => svc.kill('SIGTERM'));
await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).ok || undefined, {
  timeoutMs: 180_000,
});

// Announce the record, as intake would.
const logger = createLogger({ service: 'bench', level: 'silent' });
const bus = await connectBus({ url: natsUrl, name: 'bench', namespace, logger });
await ensureStream(bus.jsm, STREAMS.intake, namespace);
const recordId = crypto.randomUUID();
const ev = buildEvent(recordEntered, {
  court: 'JL-CC-NG',
  aggregateId: recordId,
  actor: null,
  data: recordEventFacts({
    recordId,
    caseNumber: '(2026)吉0102民初1号',
    form: 'email',
    unitType: 'other',
    enteredAt: '2026-03-03T11:00:00+08:00',
  }),
});
await bus.js.publish(subjectFor(recordEntered.subject, namespace), JSON.stringify(ev), { msgID: ev.id });

/** The service's resident memory now (VmRSS) or its high-water mark since it started (VmHWM), in MiB. */
const rssMiB = (field: 'VmRSS' | 'VmHWM') =>
  Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${svc.pid}/status`, 'utf8'))![1]) /
  1024;
const peakRssMiB = () => rssMiB('VmHWM');

/**
 * The highest RSS of the service while `work` runs, sampled every 50 ms: VmHWM only ever rises,
 * so it cannot say what one transfer of one size took once a larger one has run.
 */
async function withPeakRss<T>(work: () => Promise<T>): Promise<{ result: T; peak: number }> {
  let peak = rssMiB('VmRSS');
  const timer = setInterval(() => (peak = Math.max(peak, rssMiB('VmRSS'))), 50);
  try {
    const result = await work();
    return { result, peak: Math.max(peak, rssMiB('VmRSS')) };
  } finally {
    clearInterval(timer);
  }
}
const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const mibps = (bytes: number, ms: number) => bytes / MiB / (ms / 1000);

function uploadViaService(path: string, size: number): Promise<{ ms: number; id: string }> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `/v1/evidence?recordId=${recordId}`,
        headers: { authorization: `Bearer ${token}`, 'content-length': size, 'x-file-name': 'bench.pdf' },
      },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () =>
          res.statusCode === 201
            ? resolve({ ms: performance.now() - t, id: JSON.parse(body).id })
            : reject(new Error(`${res.statusCode} ${body}`)),
        );
      },
    );
    req.on('error', reject);
    createReadStream(path).pipe(req);
  });
}
async function downloadViaService(id: string) {
  const t = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}/v1/evidence/${id}/content`, {
    headers: { authorization: `Bearer ${token}` },
  });
  for await (const _ of res.body!) void _;
  return performance.now() - t;
}

const direct = new Client({
  endPoint: new URL(s3.endpoint).hostname,
  port: Number(new URL(s3.endpoint).port),
  useSSL: false,
  accessKey: s3.admin.adminAccessKey,
  secretKey: s3.admin.adminSecretKey,
  pathStyle: true,
  region: 'us-east-1',
  partSize: 16 * MiB,
});
await direct.makeBucket('bench-direct', 'us-east-1');

const rows: string[] = [];
/** Per size, each run's figures: what the summary's medians, lowest values and spreads are of. */
const perSize = new Map<
  number,
  { upRatio: number; downRatio: number; upMiBs: number; putMiBs: number; rss: number }[]
>();
const startRss = peakRssMiB();
const files = new Map<number, string>();
for (const size of sizes) files.set(size, await makeFile(size));
// Waiting for the record event is part of the first upload only when it has not arrived; give it a moment.
await new Promise((r) => setTimeout(r, 500));
for (let run = 1; run <= runs; run++) {
  for (const size of sizes) {
    const path = files.get(size)!;
    const viaService = async () => {
      const { result, peak } = await withPeakRss(async () => {
        const up = await uploadViaService(path, size);
        return { up: up.ms, down: await downloadViaService(up.id) };
      });
      return { ...result, rss: peak };
    };
    const viaDirect = async () => {
      let t = performance.now();
      await direct.putObject('bench-direct', `f-${size}`, createReadStream(path), size);
      const put = performance.now() - t;
      t = performance.now();
      for await (const _ of await direct.getObject('bench-direct', `f-${size}`)) void _;
      return { put, get: performance.now() - t };
    };
    // Alternating which goes first keeps any warm-up or cache effect off one side.
    let svcRun: Awaited<ReturnType<typeof viaService>>;
    let directRun: Awaited<ReturnType<typeof viaDirect>>;
    if (run % 2 === 1) {
      svcRun = await viaService();
      directRun = await viaDirect();
    } else {
      directRun = await viaDirect();
      svcRun = await viaService();
    }
    const ratio = directRun.put / svcRun.up;
    const downRatio = directRun.get / svcRun.down;
    perSize.set(size, [
      ...(perSize.get(size) ?? []),
      {
        upRatio: ratio,
        downRatio,
        upMiBs: mibps(size, svcRun.up),
        putMiBs: mibps(size, directRun.put),
        rss: svcRun.rss,
      },
    ]);
    rows.push(
      `| ${run} | ${size / MiB} MiB | ${mibps(size, svcRun.up).toFixed(0)} MiB/s | ${mibps(size, directRun.put).toFixed(0)} MiB/s | ${ratio.toFixed(2)}× | ${mibps(size, svcRun.down).toFixed(0)} MiB/s | ${mibps(size, directRun.get).toFixed(0)} MiB/s | ${downRatio.toFixed(2)}× | ${svcRun.rss.toFixed(0)} MiB |`,
    );
  }
}
for (const path of files.values()) rmSync(path);
console.log(`machine at start: ${machineAtStart}`);
console.log(
  `Evidence through the service vs the minio client straight to the same radosgw, same run (service RSS at start ${startRss.toFixed(0)} MiB, 16 MiB parts)`,
);
console.log(
  '| run | file | upload via service | direct put | upload ratio (target ≥ 0.8×) | download via service | direct get | download ratio | service peak RSS during upload and download |',
);
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
console.log('');
// Per size: a low lowest ratio with a steady median and a direct put that swung is the store;
// a low median with a steady direct put is the service.
console.log(
  '| file | runs | upload ratio median | upload ratio lowest | direct put lowest–highest | upload via service lowest–highest | download ratio median | download ratio lowest | service peak RSS |',
);
console.log('|---|---|---|---|---|---|---|---|---|');
for (const [size, rs] of perSize) {
  const spread = (xs: number[]) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)} MiB/s`;
  const up = rs.map((r) => r.upRatio);
  const down = rs.map((r) => r.downRatio);
  console.log(
    `| ${size / MiB} MiB | ${rs.length} | ${median(up).toFixed(2)}× | ${Math.min(...up).toFixed(2)}× | ${spread(rs.map((r) => r.putMiBs))} | ${spread(rs.map((r) => r.upMiBs))} | ${median(down).toFixed(2)}× | ${Math.min(...down).toFixed(2)}× | ${Math.max(...rs.map((r) => r.rss)).toFixed(0)} MiB |`,
  );
}
console.log(`service peak RSS over the whole run (VmHWM): ${peakRssMiB().toFixed(0)} MiB`);
console.log(`machine at end: ${machineLine()}`);

svc.kill('SIGTERM');
await new Promise((r) => svc.once('exit', r));
await bus.close();
await s3.dispose();
const c = new pg.Client({ connectionString: admin });
await c.connect();
await c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
await c.end();
