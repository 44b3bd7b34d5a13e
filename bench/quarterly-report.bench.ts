// A quarterly report over 1,000,000 records in the read model (R-NF-5: under 2 s, within 1.5× a
// hand-written SQL aggregate over the same rows), timed through POST /v1/reports/quarterly of the
// reporting service, beside the baseline measured in the same run on the same database: the same
// breakdowns, special-item counts and timeliness written by hand as plain SQL.
//
//   node --import tsx bench/quarterly-report.bench.ts [records=1000000] [runs=5]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { createDatabase, createLogger, createTokenVerifier, startService } from '@jir/service-kit';
import { ManualClock, createTestDatabase, resolveNats, uniqueName, testUsers } from '@jir/testing';
import { loadConfig } from '../apps/reporting/src/config.js';
import { reportingMigrations } from '../apps/reporting/src/db/migrations/index.js';
import { rebuildCounts } from '../apps/reporting/src/read-model/record-counts.repository.js';
import type { ReportingTables } from '../apps/reporting/src/db/schema.js';
import { reportingService } from '../apps/reporting/src/service.js';

const [records = 1_000_000, runs = 5] = process.argv.slice(2).map(Number);
const tdb = await createTestDatabase({ migrations: reportingMigrations, prefix: 'jir_bench_reporting' });
const owner = createDatabase<ReportingTables>(tdb.url, { max: 2 });
const users = testUsers({ sub: 'tm-1', court: 'JL-CC-NG', roles: ['trial-management'] });
const namespace = uniqueName('bench-rp');

console.log(`seeding ${records.toLocaleString()} records and their entry obligations…`);
const t0 = performance.now();
await sql`INSERT INTO rm_records
  SELECT 'r' || g, 'JL-CC-NG', 'judge-' || (g % 200), 'div-' || (g % 8), '(2026)吉0102民初' || g || '号',
         (ARRAY['trial','enforcement','other'])[1 + g % 3],
         (ARRAY['official-letter','letter','oral','telephone','sms','weibo','wechat','email','other-network','meeting','document'])[1 + g % 11],
         (ARRAY['leading-cadre','cadre-staff','cadre-relative','other-organisation','other-person'])[1 + g % 5],
         (ARRAY['party-organ','peoples-congress','administrative-organ','cppcc','procuratorate','military-organ','company','public-institution','social-organisation','other'])[1 + g % 10],
         CASE WHEN g % 10 = 0 THEN 'id-' || (g % 20000) END, '某某' || (g % 20000), '某市某局', '局长',
         CASE WHEN g % 100 = 0 THEN ARRAY['SR07'] WHEN g % 100 = 1 THEN ARRAY['SR01','SR10'] ELSE '{}'::text[] END,
         false, false,
         timestamptz '2026-01-01 00:00+08' + (g % 90) * interval '1 day', '2026-Q1',
         to_char(timestamptz '2026-01-01 00:00+08' + (g % 90) * interval '1 day', 'YYYY-MM'),
         timestamptz '2026-01-02 00:00+08' + (g % 90) * interval '1 day', 1
    FROM generate_series(1, ${records}) g`.execute(owner.db);
await sql`INSERT INTO rm_obligations
  SELECT 'r' || g || ':entry', 'JL-CC-NG', 'entry', 'r' || g, timestamptz '2026-01-03 00:00+08' + (g % 90) * interval '1 day',
         CASE WHEN g % 20 <> 0 THEN timestamptz '2026-01-02 00:00+08' + (g % 90) * interval '1 day' END,
         CASE WHEN g % 20 <> 0 THEN (g % 3) * 3600000 END,
         CASE WHEN g % 20 = 0 THEN timestamptz '2026-01-03 00:00+08' + (g % 90) * interval '1 day' END
    FROM generate_series(1, ${records}) g`.execute(owner.db);
console.log(`seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
// The rows were bulk-loaded beside the consumers, so their per-court, per-quarter sums are
// computed once with the consumers' own definition (what the live path keeps event by event).
const t1 = performance.now();
await rebuildCounts(owner.db);
// VACUUM as autovacuum does after bulk inserts (PostgreSQL 13+ vacuums insert-only tables), so
// both the report and the baseline read a table in its steady state (index-only scans possible).
await sql`VACUUM ANALYZE`.execute(owner.db);
console.log(`sums rebuilt in ${((performance.now() - t1) / 1000).toFixed(1)} s (not part of either figure)`);

const service = await startService({
  ...reportingService(
    loadConfig({
      DATABASE_URL: tdb.url,
      NATS_URL: await resolveNats(),
      BUS_NAMESPACE: namespace,
      PORT: '0',
      AUTH_PUBLIC_KEY: users.publicKeyPem,
      REPORT_LOCAL_KEY_DIR: mkdtempSync(join(tmpdir(), 'jir-bench-key-')),
      LOG_LEVEL: 'silent',
    }),
  ),
  overrides: {
    clock: new ManualClock('2026-04-15T02:00:00Z'),
    logger: createLogger({ service: 'bench', level: 'silent' }),
    verifier: createTokenVerifier({ publicKeyPem: users.publicKeyPem }),
    defaultMetrics: false,
  },
});
const token = await users.token();

async function report(): Promise<number> {
  const t = performance.now();
  const res = await fetch(`${service.url}/v1/reports/quarterly`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ court: 'JL-CC-NG', quarter: '2026-Q1' }),
  });
  const body = (await res.json()) as { totals?: { records: number } };
  if (res.status !== 201 || body.totals?.records !== records)
    throw new Error(`report: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
  return performance.now() - t;
}

/** The baseline: the same figures, hand-written, over the same rows. */
async function handWritten(): Promise<number> {
  const t = performance.now();
  for (const dim of ['interferer_kind', 'unit_type', 'form', 'stage', 'division', 'month'])
    await sql`SELECT ${sql.ref(dim)}, count(*) FROM rm_records WHERE court = 'JL-CC-NG' AND quarter = '2026-Q1' GROUP BY 1`.execute(
      owner.db,
    );
  await sql`SELECT item, count(*) FROM rm_records, unnest(special_items) item WHERE court = 'JL-CC-NG' AND quarter = '2026-Q1' GROUP BY 1`.execute(
    owner.db,
  );
  await sql`SELECT o.kind, count(*) FILTER (WHERE o.late_by_ms = 0), count(*) FILTER (WHERE o.late_by_ms > 0),
                   count(*) FILTER (WHERE o.met_at IS NULL AND o.breached_at IS NOT NULL)
              FROM rm_records r JOIN rm_obligations o ON o.subject_id = r.record_id
             WHERE r.court = 'JL-CC-NG' AND r.quarter = '2026-Q1' GROUP BY 1`.execute(owner.db);
  return performance.now() - t;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
await report(); // warm-up: plans and caches for both
await handWritten();
const reportMs: number[] = [];
const baseMs: number[] = [];
for (let i = 0; i < runs; i++) {
  baseMs.push(await handWritten());
  reportMs.push(await report());
}
const r = median(reportMs);
const b = median(baseMs);
console.log(`records in the quarter          ${records.toLocaleString()}`);
console.log(
  `quarterly report (HTTP, median) ${r.toFixed(0)} ms   runs: ${reportMs.map((x) => x.toFixed(0)).join(', ')}`,
);
console.log(
  `hand-written SQL (median)       ${b.toFixed(0)} ms   runs: ${baseMs.map((x) => x.toFixed(0)).join(', ')}`,
);
console.log(
  `ratio report / baseline         ${(r / b).toFixed(2)}×   (R-NF-5: under 2000 ms and within 1.5×)`,
);

await service.ctx.bus.jsm.streams
  .delete(`${namespace.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_REPORTING`)
  .catch(() => undefined);
await service.close();
await owner.close();
await tdb.drop();
