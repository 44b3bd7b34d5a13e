// R-NF-4: with 1,000,000 pending obligations, 10,000 made due are processed
// (breached, each with its event in the outbox) in under 5 s, and the cost
// follows the number due, not the number pending: printed beside the same
// 10,000 among 100,000 pending, measured in the same run. The scheduler is
// the service's own (ClaimWorker through the partial index on pending due_at),
// started in-process with a manual clock so nothing waits for a real deadline.
//
//   npm run build && node --import tsx bench/deadlines-due.bench.ts [pending=1000000] [due=10000]
import { sql } from 'kysely';
import { createDatabase, createLogger, createTokenVerifier, startService } from '@jir/service-kit';
import { ManualClock, createTestDatabase, resolveNats, uniqueName } from '@jir/testing';
import { generateKeyPairSync } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { loadConfig } from '../apps/deadline-monitor/dist/config.js';
import { deadlineMigrations } from '../apps/deadline-monitor/dist/db/migrations/index.js';
import { deadlineService } from '../apps/deadline-monitor/dist/service.js';

const [pendingBig = 1_000_000, due = 10_000] = process.argv.slice(2).map(Number);
const logger = createLogger({ service: 'bench', level: 'warn' });

async function run(pending: number): Promise<{ ms: number; processed: number }> {
  const tdb = await createTestDatabase({ migrations: deadlineMigrations, prefix: 'jir_bench_deadlines' });
  const owner = createDatabase<Record<string, never>>(tdb.url, { max: 2 });
  const clock = new ManualClock('2026-06-01T00:00:00Z');
  const { publicKey } = generateKeyPairSync('ed25519');
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  // Pending obligations far in the future, then `due` of them made due: what a year of records leaves.
  await sql`
    INSERT INTO obligations (id, subject_key, kind, record_id, court, handler, starts_at, due_date, due_at, remind_at, created_at)
    SELECT gen_random_uuid(), 'entry:record:' || g, 'entry', g::text, 'JL-CC-NG', 'judge-a',
           now(), '2027-01-04', timestamptz '2027-01-04T15:59:59Z' + (g % 1000) * interval '1 minute',
           timestamptz '2027-01-03T01:00:00Z', now()
    FROM generate_series(1, ${pending}) g`.execute(owner.db);
  await sql`
    UPDATE obligations SET due_date = '2026-05-20', due_at = timestamptz '2026-05-20T15:59:59Z'
    WHERE id IN (SELECT id FROM obligations ORDER BY id LIMIT ${due})`.execute(owner.db);
  await sql`VACUUM ANALYZE obligations`.execute(owner.db);
  const config = loadConfig({
    DATABASE_URL: tdb.url,
    NATS_URL: await resolveNats(),
    BUS_NAMESPACE: uniqueName('bench'),
    PORT: '0',
    AUTH_PUBLIC_KEY: publicKeyPem,
    LOG_LEVEL: 'warn',
  });
  const svc = await startService({
    ...deadlineService(config, { runScheduler: false }),
    overrides: { clock, logger, defaultMetrics: false, verifier: createTokenVerifier({ publicKeyPem }) },
  });
  // The relay would publish meanwhile and compete for the two cores: stop it; publishing is not R-NF-4's figure.
  await svc.ctx.relay.stop();
  const t0 = performance.now();
  let processed = 0;
  for (let n = 1; n > 0; processed += n) n = await svc.parts.scheduler.runOnce();
  const ms = performance.now() - t0;
  await svc.close();
  await owner.close();
  await tdb.drop();
  return { ms, processed };
}

const baseline = await run(Math.round(pendingBig / 10));
const measured = await run(pendingBig);
const fmt = (r: { ms: number; processed: number }) =>
  `${(r.ms / 1000).toFixed(2)} s for ${r.processed} due (${Math.round(r.processed / (r.ms / 1000))}/s)`;
console.log(`R-NF-4 deadlines due (target < 5 s; cost follows what is due)`);
console.log(`  baseline, ${Math.round(pendingBig / 10).toLocaleString('en')} pending: ${fmt(baseline)}`);
console.log(`  measured, ${pendingBig.toLocaleString('en')} pending: ${fmt(measured)}`);
console.log(`  ratio measured/baseline: ${(measured.ms / baseline.ms).toFixed(2)}`);
// The machine is shared: a high load explains a slow absolute figure; the ratio is what compares.
console.log(`  load average (1 min) at the end: ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`);
