import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createLogger } from '@jir/service-kit';
import { ManualClock } from '@jir/testing';
import { createIntegrityJob, INTEGRITY_JOB_ACTOR } from '../src/integrity/integrity.job.js';
import { evidenceHarness, PNG, type EvidenceHarness } from './harness.js';

let h: EvidenceHarness;
let ids: string[] = [];
const HOUR = 3_600_000;
const logger = createLogger({ service: 'integrity-test', level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });
// Each test gets its own service, database and twelve objects: what one test's checks record
// (the next check's due time, custody entries) would change what the other counts.
beforeEach(async () => {
  h = await evidenceHarness();
  ids = [];
  const recordId = await h.announceRecord();
  for (let i = 0; i < 12; i++) {
    const r = await h.upload(recordId, PNG, { name: `截图${i}.png` });
    expect(r.status).toBe(201);
    ids.push(r.body.id);
  }
});
afterEach(() => h.close());

/** Two service instances' integrity jobs on one database, on a clock the test moves. */
function twoInstances(clock: ManualClock) {
  const job = () =>
    createIntegrityJob({
      db: h.db,
      store: h.store,
      clock,
      logger,
      intervalMs: 24 * HOUR,
      batchSize: 1,
    });
  return [job(), job()] as const;
}

/** Runs both instances at once until neither finds anything due; returns how many objects each took. */
async function round(jobs: readonly ReturnType<typeof createIntegrityJob>[]) {
  return Promise.all(
    jobs.map(async (j) => {
      let n = 0;
      for (let got = 1; got > 0; n += got) got = await j.runOnce();
      return n;
    }),
  );
}

async function checksPerObject() {
  const rows = await h.db
    .selectFrom('custody_events')
    .select(['evidence_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('action', '=', 'integrity-checked')
    .where('actor', '=', INTEGRITY_JOB_ACTOR)
    .groupBy('evidence_id')
    .execute();
  return new Map(rows.map((r) => [r.evidence_id, Number(r.n)]));
}

describe('integrity check claimed per object (R-EV-3)', () => {
  it('R-EV-3: two instances split a round: each object is checked exactly once, by one of them', async () => {
    // Uploaded at 04:00 (the harness clock); first due one interval later.
    const clock = new ManualClock('2026-03-04T03:59:00Z');
    const jobs = twoInstances(clock);
    expect(await round(jobs)).toEqual([0, 0]);

    clock.set('2026-03-04T04:01:00Z');
    const [a = 0, b = 0] = await round(jobs);
    expect(a + b).toBe(12);
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(0);
    const once = await checksPerObject();
    expect(ids.map((id) => once.get(id))).toEqual(ids.map(() => 1));

    // Nothing is due again until the next interval has passed.
    clock.advance(23 * HOUR);
    expect(await round(jobs)).toEqual([0, 0]);
    clock.advance(HOUR);
    const [a2 = 0, b2 = 0] = await round(jobs);
    expect(a2 + b2).toBe(12);
    const twice = await checksPerObject();
    expect(ids.map((id) => twice.get(id))).toEqual(ids.map(() => 2));
  });

  it('R-EV-3: a tampered object found by the job is recorded and published as an integrity failure', async () => {
    const victim = ids[0]!;
    // The stored digest no longer matches the object: as if the bytes had changed under it.
    await h.tamperRow(victim, { sha256: '0'.repeat(64) });
    expect(await checkAll()).toBe(12);
    expect(await failures()).toEqual([{ evidence_id: victim, detail: { problem: 'digest-mismatch' } }]);
    expect(await integrityEvents(victim)).toHaveLength(1);
  });

  it('R-EV-3: an object whose SHA-256 matches but whose SM3 does not is caught, by the job and the route', async () => {
    // Two objects whose recorded SM3 disagrees with their bytes while SHA-256 and size agree:
    // one in the row alone (the upload's custody entry still holds the true SM3), one in the row
    // and that custody entry alike, so only recomputing SM3 over the bytes can tell.
    const [rowOnly, both, intact] = [ids[1]!, ids[2]!, ids[3]!];
    const wrongSm3 = 'f'.repeat(64);
    await h.tamperRow(rowOnly, { sm3: wrongSm3 });
    await h.tamperRow(both, { sm3: wrongSm3 });
    await h.db.transaction().execute(async (trx) => {
      await sql`SET LOCAL session_replication_role = replica`.execute(trx);
      await sql`UPDATE custody_events SET detail = jsonb_set(detail::jsonb, '{sm3}', to_jsonb(${wrongSm3}::text))
                WHERE evidence_id = ${both} AND action = 'uploaded'`.execute(trx);
    });
    const rows = await h.db
      .selectFrom('evidence')
      .select(['id', 'sha256', 'sm3'])
      .where('id', 'in', [rowOnly, both, intact])
      .execute();
    // The same PNG three times: SHA-256 still matches each object, SM3 only the intact one's.
    expect(new Set(rows.map((r) => r.sha256)).size).toBe(1);
    expect(rows.find((r) => r.id === intact)!.sm3).not.toBe(wrongSm3);

    const tm = { sub: 'tm-1', division: 'tm', roles: ['trial-management'] };
    const answer = await h.call('POST', '/v1/integrity-checks', {
      as: tm,
      body: { ids: [rowOnly, both, intact] },
    });
    expect(answer.status).toBe(200);
    const report = (await answer.json()) as { checked: number; failures: { id: string; problem: string }[] };
    expect(report.checked).toBe(3);
    expect(report.failures.map((f) => f.id).sort()).toEqual([rowOnly, both].sort());
    expect(report.failures.map((f) => f.problem)).toEqual(['digest-mismatch', 'digest-mismatch']);

    // The periodic job finds the same two, and only them.
    expect(await checkAll()).toBe(12);
    const byJob = (await failures()).filter((f) => f.evidence_id !== undefined);
    expect([...new Set(byJob.map((f) => f.evidence_id))].sort()).toEqual([rowOnly, both].sort());
    expect(await integrityEvents(both)).not.toHaveLength(0);
  });
});

/** Runs one job instance, well after every object is due, until nothing is left; returns how many it checked. */
async function checkAll(): Promise<number> {
  const [job] = twoInstances(new ManualClock('2026-03-07T00:00:00Z'));
  let n = 0;
  for (let got = 1; got > 0; n += got) got = await job.runOnce();
  return n;
}

async function failures() {
  return h.db
    .selectFrom('custody_events')
    .select(['evidence_id', 'detail'])
    .where('action', '=', 'integrity-failed')
    .execute();
}

async function integrityEvents(evidenceId: string) {
  return h.db
    .selectFrom('outbox')
    .select('subject')
    .where('aggregate_id', '=', evidenceId)
    .where('subject', 'like', '%integrity%')
    .execute();
}
