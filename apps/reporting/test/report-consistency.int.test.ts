import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordEntered } from '@jir/contracts';
import { waitFor } from '@jir/testing';
import { countsOf } from '../src/read-model/record-counts.repository.js';
import { beginConsistentGeneration, specialItemRecords } from '../src/reports/reports.repository.js';
import { recordEvents, reportingHarness, type ReportingHarness } from './harness.js';

let h: ReportingHarness;
beforeAll(async () => {
  h = await reportingHarness();
});
afterAll(() => h.close());

describe('a report reads the read model as of one instant', () => {
  it('R-RP-1, R-RP-4: a record that arrives between the sums and the lists of a generation is in neither', async () => {
    // A court of its own, so only this test's records are in its quarter.
    const court = 'JL-CC-LY';
    const scope = { court, quarter: '2026-Q1', asOf: new Date('2026-04-15T02:00:00Z') };
    const sr07 = async () => (await countsOf(h.db, court, '2026-Q1')).get('specialItem:SR07') ?? 0;
    await h.publish(recordEntered, recordEvents(crypto.randomUUID(), { court, specialItems: ['SR07'] }));
    await waitFor(async () => ((await sr07()) === 1 ? true : undefined), {
      what: 'the first record counted',
    });

    await h.db.transaction().execute(async (trx) => {
      await beginConsistentGeneration(trx);
      const counted = (await countsOf(trx, court, '2026-Q1')).get('specialItem:SR07');
      // The consumer commits a second record while the generation is between its reads.
      await h.publish(recordEntered, recordEvents(crypto.randomUUID(), { court, specialItems: ['SR07'] }));
      await waitFor(async () => ((await sr07()) === 2 ? true : undefined), {
        what: 'the second record counted',
      });
      const listed = await specialItemRecords(trx, scope);
      expect(counted).toBe(1);
      expect(listed.map((r) => r.court)).toEqual([court]);
    });
  }, 60_000);
});
