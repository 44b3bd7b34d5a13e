import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { generateAndCheckClient, lintOpenApi, untypedSuccessResponses } from '@jir/testing';
import { reportingHarness, type ReportingHarness } from './harness.js';

let h: ReportingHarness;
let doc: { paths: Record<string, Record<string, { operationId?: string }>> };
beforeAll(async () => {
  h = await reportingHarness();
  doc = (await (await fetch(`${h.url}/v1/openapi.json`)).json()) as typeof doc;
});
afterAll(async () => {
  await h?.close();
});

// A client generated from the document types every answer the web application reads.
const USAGE = `
import type { operations } from './api.js';
type Json<O extends keyof operations, S extends keyof operations[O]['responses']> =
  operations[O]['responses'][S] extends { content: { 'application/json': infer B } } ? B : never;
declare const report: Json<'generateQuarterlyReport', 201>;
export const digest: string = report.digest;
declare const inbox: Json<'listInbox', 200>;
export const from: string | undefined = inbox.items[0]?.fromCourt;
declare const compliance: Json<'getLowerCourtsCompliance', 200>;
export const late: number | undefined = compliance.courts[0]?.reports.late;
`;

describe('the reporting OpenAPI document, read by standard tools', () => {
  it('R-RP-1..5: passes Redocly’s recommended rules with no error and no warning', async () => {
    const problems = await lintOpenApi(doc);
    expect(problems.map((p) => `${p.severity} ${p.ruleId} ${p.where}: ${p.message}`)).toEqual([]);
  }, 60_000);

  it('R-RP-1..5: every operation has a unique operationId', () => {
    const ids = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z0-9]*$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('R-RP-1..5: a generated client types every JSON success answer, and code using it type-checks', async () => {
    const { types, diagnostics } = await generateAndCheckClient(doc, USAGE);
    expect(untypedSuccessResponses(types)).toEqual([]);
    expect(diagnostics).toBe('');
  }, 120_000);

  it('R-RP-1..5: the answers the service gives match the response schemas the document declares', async () => {
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
    rollupSchema.parse((await h.call('GET', '/v1/rollup?court=JL-CC&quarter=2026-Q1', { as: tmCity })).body);
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
});
