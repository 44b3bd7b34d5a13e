import { sql } from 'kysely';
import { rebuildCounts } from '../src/read-model/record-counts.repository.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAmended, recordEntered, sampleVerified } from '@jir/contracts';
import { buildSnapshot } from '../src/reports/report-builder.js';
import { snapshotDigest } from '../src/reports/report-signing.js';
import {
  amendment,
  obligationEvents,
  recordEvents,
  reportingHarness,
  verificationEvent,
  type ReportingHarness,
} from './harness.js';

let live: ReportingHarness;
let replayed: ReportingHarness | undefined;

beforeAll(async () => {
  live = await reportingHarness();
});
afterAll(async () => {
  await replayed?.close({ deleteStreams: false });
  await live.close();
});

const tables = async (h: ReportingHarness) => ({
  records: await h.db.selectFrom('rm_records').selectAll().orderBy('record_id').execute(),
  obligations: await h.db.selectFrom('rm_obligations').selectAll().orderBy('obligation_id').execute(),
  samples: await h.db.selectFrom('rm_sample_verifications').selectAll().orderBy('record_id').execute(),
  counts: await h.db
    .selectFrom('rm_counts')
    .selectAll()
    .where(sql<boolean>`n <> 0`)
    .orderBy('court')
    .orderBy('quarter')
    .orderBy('key')
    .execute(),
});

describe('the read model is rebuilt from the streams', () => {
  it('R-PV-3: a second instance replaying the streams from the start builds the same read model and the same report as the live one', async () => {
    const ids = Array.from({ length: 12 }, () => crypto.randomUUID());
    let n = 0;
    for (const [i, id] of ids.entries()) {
      // Newest first for some records: an amendment (revision 2) before the entered event (revision 1).
      if (i % 3 === 0) {
        await live.publish(
          recordAmended,
          amendment(id, { revision: 2, specialItems: ['SR10'], identity: 'id-x' }),
        );
        n++;
      }
      // Every other record as an older event version, without the interferer.
      await live.publish(
        recordEntered,
        recordEvents(id, {
          specialItems: i % 2 ? ['SR01'] : [],
          identity: 'id-x',
          ...(i % 2 ? { interferer: null } : {}),
        }),
      );
      n++;
      // The met event before the breach for some: outcomes are kept side by side, whatever the order.
      const obligations = obligationEvents(
        id,
        'entry',
        i % 4 === 0 ? { breached: true, metLateByMs: 5000 } : { metLateByMs: 0 },
      );
      for (const [def, e] of i % 2 ? obligations.reverse() : obligations) {
        await live.publish(def, e);
        n++;
      }
      if (i % 5 === 0) {
        await live.publish(sampleVerified, verificationEvent(id, i % 2 ? 'disputed' : 'confirmed'));
        n++;
      }
    }
    await live.applied(n);

    replayed = await reportingHarness({ namespace: live.namespace, serviceName: 'reporting-replay' });
    await replayed.applied(n);

    const a = await tables(live);
    expect(a.records).toHaveLength(12);
    expect(a.records.filter((r) => r.special_items.includes('SR10'))).toHaveLength(4);
    expect(await tables(replayed)).toEqual(a);
    // R-NF-5: the sums kept event by event, in whatever order, equal a count over the rows.
    expect(Number(a.counts.find((c) => c.key === 'total')?.n)).toBe(12);
    await rebuildCounts(live.db);
    expect((await tables(live)).counts).toEqual(a.counts);

    const header = {
      id: 'same',
      court: 'JL-CC-NG',
      quarter: '2026-Q1',
      version: 1,
      provisional: false,
      generatedAt: '2026-04-15T02:00:00.000Z',
      generatedBy: 'tm-1',
    };
    const liveReport = await buildSnapshot(live.db, live.service.ctx.courts, header, { zeroRunQuarters: 4 });
    const replayReport = await buildSnapshot(replayed.db, replayed.service.ctx.courts, header, {
      zeroRunQuarters: 4,
    });
    expect(liveReport.totals.records).toBe(12);
    expect(snapshotDigest(replayReport)).toBe(snapshotDigest(liveReport));
  });
});
