// Evidence upload and download through the service (its own process,
// dist/main.js) beside a direct `minio` put/get of the same bytes in the same
// run (R-NF-3), and the service's peak RSS after a file of half the size and
// after the full one: memory must not grow with file size.
//
//   npm run build && node --import tsx bench/evidence-upload.bench.ts [MiB=1024]
import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from 'minio';
import pg from 'pg';
import { STREAMS, buildEvent, recordEntered, subjectFor } from '@jir/contracts';
import { connectBus, createLogger, ensureStream, signUserToken } from '@jir/service-kit';
import {
  TestObjectStoreServer,
  freePort,
  provisionEvidenceBucket,
  resolveNats,
  resolvePostgres,
  uniqueName,
  waitFor,
} from '@jir/testing';

const MiB = 1024 * 1024;
const full = Number(process.argv[2] ?? 1024) * MiB;
const sizes = [full / 2, full];

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
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const token = await signUserToken(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), {
  sub: 'judge-a',
  court: 'JL-CC-NG',
  division: 'civil-1',
  roles: ['case-handler'],
});
const svc = spawn(
  process.execPath,
  [fileURLToPath(new URL('../apps/evidence-storage/dist/main.js', import.meta.url))],
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
      AUTH_PUBLIC_KEY: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  },
);
await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).ok || undefined, {
  timeoutMs: 60_000,
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
  data: {
    recordId,
    caseNumber: '(2026)吉0102民初1号',
    stage: 'trial',
    form: 'email',
    handler: 'judge-a',
    division: 'civil-1',
    interfererKind: 'leading-cadre',
    unitType: 'other',
    interfererIdentityId: null,
    specialItems: [],
    severe: false,
    involvesPrincipalLeader: false,
    receivedAt: '2026-03-03T10:00:00+08:00',
    communicatedAt: '2026-03-03T09:00:00+08:00',
    enteredAt: '2026-03-03T11:00:00+08:00',
  },
});
await bus.js.publish(subjectFor(recordEntered.subject, namespace), JSON.stringify(ev), { msgID: ev.id });

const peakRssMiB = () =>
  Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${svc.pid}/status`, 'utf8'))![1]) / 1024;
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
const startRss = peakRssMiB();
for (const size of sizes) {
  const path = await makeFile(size);
  // Waiting for the record event is part of the first upload only when it has not arrived; give it a moment.
  await new Promise((r) => setTimeout(r, 500));
  const up = await uploadViaService(path, size);
  const rssAfterUpload = peakRssMiB();
  const down = await downloadViaService(up.id);
  const rssAfterDownload = peakRssMiB();
  let t = performance.now();
  await direct.putObject('bench-direct', `f-${size}`, createReadStream(path), size);
  const directPut = performance.now() - t;
  t = performance.now();
  for await (const _ of await direct.getObject('bench-direct', `f-${size}`)) void _;
  const directGet = performance.now() - t;
  rows.push(
    `| ${size / MiB} MiB | upload ${mibps(size, up.ms).toFixed(0)} MiB/s | direct put ${mibps(size, directPut).toFixed(0)} MiB/s | ${(directPut / up.ms).toFixed(2)}× (target ≥ 0.8×) | service peak RSS ${rssAfterUpload.toFixed(0)} MiB |`,
    `| ${size / MiB} MiB | download ${mibps(size, down).toFixed(0)} MiB/s | direct get ${mibps(size, directGet).toFixed(0)} MiB/s | ${(directGet / down).toFixed(2)}× | service peak RSS ${rssAfterDownload.toFixed(0)} MiB |`,
  );
  rmSync(path);
}
console.log(
  `Evidence through the service vs the minio client straight to the same radosgw, same run (service RSS at start ${startRss.toFixed(0)} MiB, 16 MiB parts)`,
);
console.log('| file | through the service | baseline | ratio | memory |');
console.log('|---|---|---|---|---|');
for (const r of rows) console.log(r);

svc.kill('SIGTERM');
await new Promise((r) => svc.once('exit', r));
await bus.close();
await s3.dispose();
const c = new pg.Client({ connectionString: admin });
await c.connect();
await c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
await c.end();
