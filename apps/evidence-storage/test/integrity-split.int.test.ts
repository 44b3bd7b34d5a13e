import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@jir/service-kit';
import { ManualClock } from '@jir/testing';
import { createIntegrityJob, INTEGRITY_JOB_ACTOR } from '../src/integrity/integrity.job.js';
import { evidenceHarness, PNG, type EvidenceHarness } from './harness.js';

let h: EvidenceHarness;
const ids: string[] = [];
const HOUR = 3_600_000;
const logger = createLogger({ service: 'integrity-test', level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });
beforeAll(async () => {
  h = await evidenceHarness();
  const recordId = await h.announceRecord();
  for (let i = 0; i < 12; i++) {
    const r = await h.upload(recordId, PNG, { name: `截图${i}.png` });
    expect(r.status).toBe(201);
    ids.push(r.body.id);
  }
});
afterAll(() => h.close());

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
    const victim = await h.db
      .selectFrom('evidence')
      .selectAll()
      .where('id', '=', ids[0]!)
      .executeTakeFirstOrThrow();
    // The stored digest no longer matches the object: as if the bytes had changed under it.
    await h.tamperRow(victim.id, { sha256: '0'.repeat(64) });
    const clock = new ManualClock('2026-03-07T00:00:00Z');
    const [job] = twoInstances(clock);
    let n = 0;
    for (let got = 1; got > 0; n += got) got = await job.runOnce();
    expect(n).toBe(12);
    const failed = await h.db
      .selectFrom('custody_events')
      .select(['evidence_id', 'detail'])
      .where('action', '=', 'integrity-failed')
      .execute();
    expect(failed).toEqual([{ evidence_id: victim.id, detail: { problem: 'digest-mismatch' } }]);
    const outbox = await h.db
      .selectFrom('outbox')
      .select('subject')
      .where('aggregate_id', '=', victim.id)
      .where('subject', 'like', '%integrity%')
      .execute();
    expect(outbox).toHaveLength(1);
  });
});
