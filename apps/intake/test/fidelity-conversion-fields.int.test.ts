// Art 6 (R-SC-4) with R-RC-4 and R-RC-6: a converted opinion's record is made like any record, so its
// refusals are the record's; they name the field where the conversion's body holds it (record.…).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intakeHarness, recordBody, type IntakeHarness } from './harness.js';

let h: IntakeHarness;
beforeAll(async () => {
  h = await intakeHarness();
});
afterAll(() => h?.close());

const CASE = '(2026)吉0102民初4401号';

describe('a conversion’s refusals name the record’s fields inside its body (R-SC-4, R-RC-4)', () => {
  it('R-RC-4, R-SC-4: converting with a receipt 7 days ahead is refused naming record.receivedAt; the opinion stays filed', async () => {
    const filed = await h.call('POST', '/v1/exempt-opinions', {
      body: {
        caseNumber: CASE,
        source: 'public-institution-with-administrative-functions',
        organisation: '长春市某事业单位',
        commissionReference: '委托函一份',
        concernsStateOrPublicInterest: true,
        content: '参考意见',
        receivedAt: '2026-03-03T09:00:00+08:00',
      },
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const ahead = new Date(h.clock.now().getTime() + 7 * 86_400_000).toISOString();
    const r = await h.call('POST', `/v1/exempt-opinions/${filed.body.id}/conversion`, {
      body: { reason: '转为过问记录', record: recordBody({ caseNumber: CASE, receivedAt: ahead }) },
    });
    expect(r.status).toBe(422);
    expect(r.body.errors).toEqual([
      expect.objectContaining({ path: 'record.receivedAt', code: 'in-the-future' }),
    ]);
    const listed = (
      await h.call('GET', `/v1/exempt-opinions?caseNumber=${encodeURIComponent(CASE)}`, {
        as: { sub: 'tm-1', division: 'tm', roles: ['trial-management'] },
      })
    ).body as { id: string; state: string }[];
    expect(listed.find((o) => o.id === filed.body.id)?.state).toBe('filed');
  });
});
