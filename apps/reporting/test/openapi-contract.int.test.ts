import { it } from 'vitest';
import {
  deliveryListSchema,
  inboxListSchema,
  lowerCourtsComplianceSchema,
  reportListSchema,
  reportSchema,
  reportVerificationSchema,
  rollupSchema,
  circularSchema,
} from '@jir/contracts';
import { describeOpenApiContract } from '@jir/testing/suites';
import { reportingHarness } from './harness.js';

// A client generated from the document types every answer the web application reads.
const USAGE = `
declare const report: Json<'generateQuarterlyReport', 201>;
export const digest: string = report.digest;
declare const inbox: Json<'listInbox', 200>;
export const from: string | undefined = inbox.items[0]?.fromCourt;
declare const compliance: Json<'getLowerCourtsCompliance', 200>;
export const late: number | undefined = compliance.courts[0]?.reports.late;
`;

describeOpenApiContract({
  service: 'reporting',
  start: () => reportingHarness(),
  usage: USAGE,
  more: (harness) => {
    it('R-RP-1..5: the answers the service gives match the response schemas the document declares', async () => {
      const h = harness();
      const tmCity = { sub: 'tm-city', court: 'JL-CC', roles: ['trial-management'] };
      const r = await h.call('POST', '/v1/reports/quarterly', {
        body: { court: 'JL-CC-NG', quarter: '2026-Q1' },
      });
      reportSchema.parse(r.body);
      reportSchema.parse((await h.call('GET', `/v1/reports/${r.body.id}`)).body);
      reportListSchema.parse((await h.call('GET', '/v1/reports')).body);
      reportVerificationSchema.parse((await h.call('GET', `/v1/reports/${r.body.id}/verification`)).body);
      deliveryListSchema.parse((await h.call('POST', `/v1/reports/${r.body.id}/send`)).body);
      deliveryListSchema.parse((await h.call('GET', `/v1/deliveries?reportId=${r.body.id}`)).body);
      inboxListSchema.parse((await h.call('GET', '/v1/inbox', { as: tmCity })).body);
      rollupSchema.parse(
        (await h.call('GET', '/v1/rollup?court=JL-CC&quarter=2026-Q1', { as: tmCity })).body,
      );
      lowerCourtsComplianceSchema.parse(
        (await h.call('GET', '/v1/report-compliance?court=JL-CC&quarter=2026-Q1', { as: tmCity })).body,
      );
      circularSchema.parse(
        (
          await h.call('POST', '/v1/compliance/circulars', {
            as: tmCity,
            body: { court: 'JL-CC', quarter: '2026-Q1' },
          })
        ).body,
      );
    });
  },
});
