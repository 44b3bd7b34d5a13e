import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordEntered } from '@jir/contracts';
import { waitFor } from '@jir/testing';
import { recordEvents, reportingHarness, type ReportingHarness } from './harness.js';

let h: ReportingHarness;
const recordId = crypto.randomUUID();
beforeAll(async () => {
  h = await reportingHarness();
  await h.publish(recordEntered, recordEvents(recordId, { handler: 'judge-a' }));
  await h.applied(1);
});
afterAll(() => h.close());

const declare = (
  sub: string,
  quarter: string,
  kind: 'nothing' | 'complete',
  roles = ['case-handler'],
  court = 'JL-CC-NG',
) => h.call('POST', '/v1/declarations', { as: { sub, roles, court }, body: { quarter, kind } });

/** Waits for a record's event to reach the read model (the inbox's count is the file's, not the test's). */
const inReadModel = (id: string) =>
  waitFor(
    () => h.db.selectFrom('rm_records').select('record_id').where('record_id', '=', id).executeTakeFirst(),
    { what: `record ${id} in the read model` },
  );

describe('quarterly declarations (R-BX-1)', () => {
  it('R-BX-1: "nothing to record" by a handler who has records that quarter is refused with the records named', async () => {
    // A court of its own, with a record of its own: the report test reads Nanguan's declarations.
    const court = 'JL-CC-KC';
    const own = crypto.randomUUID();
    await h.publish(recordEntered, recordEvents(own, { handler: 'judge-a', court }));
    await inReadModel(own);
    const r = await declare('judge-a', '2026-Q1', 'nothing', undefined, court);
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('records-exist');
    expect(r.body.records).toEqual([{ recordId: own, caseNumber: expect.stringContaining('吉0102') }]);
    expect((await declare('judge-a', '2026-Q1', 'complete', undefined, court)).status).toBe(201);
    expect((await declare('judge-a', '2026-Q1', 'complete', undefined, court)).body.code).toBe(
      'already-declared',
    );
  });

  it('R-BX-1: only a case handler declares, for themselves; a bad quarter is a bilingual 422 naming the field', async () => {
    expect((await declare('tm-1', '2026-Q1', 'nothing', ['trial-management'])).status).toBe(403);
    const bad = await h.call('POST', '/v1/declarations', {
      as: { sub: 'judge-c', roles: ['case-handler'] },
      body: { quarter: '2026-Q5', kind: 'nothing' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([
      expect.objectContaining({
        path: 'quarter',
        message: expect.objectContaining({ zh: expect.stringContaining('字段 quarter') }),
      }),
    ]);
  });

  it('R-BX-1: the report lists who declared and who did not, and flags a long run of "nothing"', async () => {
    // judge-a, who has a record this quarter (made before all tests), declares it complete.
    expect((await declare('judge-a', '2026-Q1', 'complete')).status).toBe(201);
    for (const q of ['2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1'])
      expect((await declare('judge-z', q, 'nothing')).status).toBe(201);
    expect((await declare('judge-y', '2026-Q1', 'nothing')).status).toBe(201);
    const r = await h.call('POST', '/v1/reports/quarterly', {
      body: { court: 'JL-CC-NG', quarter: '2026-Q1' },
    });
    const d = r.body.declarations;
    expect(d.declared.map((x: { handler: string; kind: string }) => `${x.handler}:${x.kind}`).sort()).toEqual(
      ['judge-a:complete', 'judge-y:nothing', 'judge-z:nothing'],
    );
    expect(d.longZeroRuns).toEqual([{ handler: 'judge-z', quarters: 4 }]);
    // judge-b has a record in another quarter only... none here: every handler seen declared.
    expect(d.missing).toEqual([]);
    const judgeB = crypto.randomUUID();
    await h.publish(recordEntered, recordEvents(judgeB, { handler: 'judge-b' }));
    await inReadModel(judgeB);
    h.clock.advance(1000);
    const again = await h.call('POST', '/v1/reports/quarterly', {
      body: { court: 'JL-CC-NG', quarter: '2026-Q1' },
    });
    expect(again.body.declarations.missing).toEqual(['judge-b']);
  });
});
