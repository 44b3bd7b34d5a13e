import { expect, it } from 'vitest';
import type { z } from 'zod';
import { calendarYearSchema, complianceSchema, obligationPageSchema, obligationSchema } from '@jir/contracts';
import { describeOpenApiContract } from '@jir/testing/suites';
import { deadlineHarness, recordFacts } from './harness.js';

// The web application is generated from this document: a client that types every answer.
const USAGE = `
export const checks = [
  assertTyped<Json<'listObligations', 200>>(true),
  assertTyped<Json<'getObligation', 200>>(true),
  assertTyped<Json<'waiveObligation', 200>>(true),
  assertTyped<Json<'getCalendarYear', 200>>(true),
  assertTyped<Json<'putCalendarYear', 200>>(true),
  assertTyped<Json<'previewCalendarYear', 200>>(true),
  assertTyped<Json<'getCompliance', 200>>(true),
];
declare const page: Json<'listObligations', 200>;
export const firstDue: string | null | undefined = page.items[0]?.dueAt;
export const state: 'pending' | 'met' | 'met-late' | 'breached' | 'waived' | undefined = page.items[0]?.state;
export const next: string | null = page.nextCursor;
declare const c: Json<'getCompliance', 200>;
export const late: number | undefined = c.courts[0]?.entries.late;
declare const preview: Json<'previewCalendarYear', 200>;
export const moving: number = preview.total;
export const movedTo: string | null | undefined = preview.changes[0]?.toDueDate;
export type WaivePath = paths['/v1/obligations/{id}/waive']['post'];
`;

describeOpenApiContract({
  service: 'deadline monitor’s',
  start: () => deadlineHarness(),
  usage: USAGE,
  operations: 7,
  more: (harness) => {
    it('R-NF-8: the answers the service gives match the response schemas the document declares', async () => {
      const h = harness();
      const f = recordFacts();
      await h.intake.drafted(f);
      const [copy] = await h.awaitObligations(f.recordId, 2);
      const tm = { sub: 'tm-1', division: 'tm', roles: ['trial-management'] };
      const matches = <S extends z.ZodType>(schema: S, value: unknown) => schema.parse(value);
      matches(obligationPageSchema, (await h.call('GET', `/v1/obligations?recordId=${f.recordId}`)).body);
      matches(obligationSchema, (await h.call('GET', `/v1/obligations/${copy!.id}`)).body);
      const waived = await h.call('POST', `/v1/obligations/${copy!.id}/waive`, {
        as: tm,
        body: { reason: '测试' },
      });
      expect(waived.status).toBe(200);
      matches(obligationSchema, waived.body);
      matches(calendarYearSchema, (await h.call('GET', '/v1/calendar/2026')).body);
      const put = await h.call('PUT', '/v1/calendar/2198', {
        as: { ...tm, sub: 'tm-0', court: 'JL-CC' },
        body: { holidays: [], makeUpWorkdays: [] },
      });
      expect(put.status).toBe(200);
      matches(calendarYearSchema, put.body);
      matches(complianceSchema, (await h.call('GET', '/v1/compliance', { as: tm })).body);
    });
  },
});
