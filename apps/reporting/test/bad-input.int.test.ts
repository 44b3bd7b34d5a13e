import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  circularBodySchema,
  committeeHandoverBodySchema,
  declarationBodySchema,
  inboundAcknowledgementBodySchema,
  inboundDocumentBodySchema,
  quarterlyReportBodySchema,
} from '@jir/contracts';
import { brokenBody, nastyValue } from '@jir/testing';
import { reportingHarness, type ReportingHarness } from './harness.js';

let h: ReportingHarness;
let deliveryId: string;
const tm = { sub: 'tm-ng', court: 'JL-CC-NG', roles: ['trial-management'] };
const tmCity = { sub: 'tm-city', court: 'JL-CC', roles: ['trial-management'] };

beforeAll(async () => {
  h = await reportingHarness();
  deliveryId = (await h.sentReport(tm)).committeeDeliveryId;
}, 60_000);
afterAll(() => h.close());

/** The nasty values, with an unknown quarter and a court code where text is expected. */
const nasty = nastyValue({ table: 'reports', more: ['2026-Q5', 'JL-CC-NG'] });

/** A valid body broken in one to three places: a nasty value, a deleted field, an unknown key. */
const mutated = (valid: Record<string, unknown>) => brokenBody(valid, nasty);

async function check(
  path: string,
  body: unknown,
  schema: { safeParse: (v: unknown) => { success: boolean } },
  as: Record<string, unknown> = tm,
) {
  const r = await h.call('POST', path, { as, body });
  expect(r.status, JSON.stringify(body).slice(0, 200)).toBeLessThan(500);
  const valid = schema.safeParse(JSON.parse(JSON.stringify(body))).success;
  if (valid) return;
  // 413 when a generated value (30,000 Chinese characters) passes the body limit; 422 otherwise.
  expect([413, 422]).toContain(r.status);
  expect(r.body.message.zh).toBeTruthy();
  expect(r.body.message.en).toBeTruthy();
  if (r.status !== 422) return;
  expect(r.body.errors.length).toBeGreaterThan(0);
  for (const e of r.body.errors) expect(e.path).toBeTruthy();
}

describe('generated bad input on every route (R-NF-7)', () => {
  const bodies: [
    string,
    Record<string, unknown>,
    { safeParse: (v: unknown) => { success: boolean } },
    Record<string, unknown>?,
  ][] = [
    ['/v1/reports/quarterly', { court: 'JL-CC-NG', quarter: '2026-Q1' }, quarterlyReportBodySchema],
    [
      '/v1/declarations',
      { quarter: '2026-Q1', kind: 'complete' },
      declarationBodySchema,
      { sub: 'judge-z', court: 'JL-CC-NG', roles: ['case-handler'] },
    ],
    [
      '/v1/compliance/circulars',
      { court: 'JL-CC', quarter: '2026-Q1', note: '通报' },
      circularBodySchema,
      tmCity,
    ],
  ];
  it.each(bodies)(
    'R-NF-7: POST %s with 150 broken bodies: never a 5xx, refusals problem+json naming the field',
    async (path, valid, schema, as) => {
      await fc.assert(
        fc.asyncProperty(mutated(valid), (b) => check(path, b, schema, as)),
        { numRuns: 150 },
      );
    },
    120_000,
  );

  it('R-NF-7: committee handovers with 150 broken bodies', async () => {
    const valid = { deliveredBy: '张三', deliveredAt: '2026-04-14T09:00:00+08:00', method: 'in-person' };
    await fc.assert(
      fc.asyncProperty(mutated(valid), async (b) => {
        // A valid handover is recorded once; the property is about refusals, so valid ones are skipped.
        if (committeeHandoverBodySchema.safeParse(JSON.parse(JSON.stringify(b))).success) return;
        await check(`/v1/deliveries/${deliveryId}/handover`, b, committeeHandoverBodySchema);
      }),
      { numRuns: 150 },
    );
  }, 120_000);

  // Each push's body, its schema and a free-text field of it (for the NUL example below).
  const pushes: [
    string,
    Record<string, unknown>,
    { safeParse: (v: unknown) => { success: boolean } },
    string,
  ][] = [
    [
      '/v1/inbound-reports',
      {
        kind: 'quarterly-report',
        recipient: 'JL-CC',
        document: { id: 'x', court: 'JL-CC-NG' },
        digest: 'a'.repeat(64),
        signature: 'c2ln',
        keyId: 'k',
      },
      inboundDocumentBodySchema,
      'signature',
    ],
    [
      '/v1/inbound-acknowledgements',
      {
        digest: 'a'.repeat(64),
        recipient: 'JL-CC',
        acknowledgedAt: '2026-04-14T09:00:00+08:00',
        acknowledgedBy: 'c2ln',
      },
      inboundAcknowledgementBodySchema,
      'acknowledgedBy',
    ],
  ];
  it.each(pushes)(
    'R-NF-7: pushes from peers (POST %s) with broken bodies are refused with problem+json before any key is consulted',
    async (path, valid, schema, text) => {
      await fc.assert(
        fc.asyncProperty(mutated(valid), async (b) => {
          const res = await fetch(`${h.url}${path}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: 'Bearer nonsense' },
            body: JSON.stringify(b),
          });
          const body = (await res.json()) as { message?: { zh?: string; en?: string } };
          expect(res.status).toBeLessThan(500);
          expect(res.headers.get('content-type')).toContain('application/problem+json');
          expect(body.message?.zh && body.message.en).toBeTruthy();
          const sent = JSON.stringify(b);
          // The kit refuses a NUL character anywhere (PostgreSQL cannot store it) before the route's
          // schema, which allows it: {"signature":"\u0000"} is a 422, not a push to authenticate.
          // (This is what failed now and then: only runs that drew '\u0000' for a free-text field.)
          if (!schema.safeParse(JSON.parse(sent)).success || sent.includes('\\u0000'))
            expect([413, 422]).toContain(res.status);
          else expect(res.status).toBe(401);
        }),
        // The once-flaky case as a fixed example, so every run checks it.
        { numRuns: 150, examples: [[{ ...valid, [text]: '\u0000' }]] },
      );
    },
    120_000,
  );

  it('R-NF-7: broken queries and ids on every reading route: 422 (or 404, or 400 for a NUL byte) with problem+json, never a 5xx', async () => {
    const paths = [
      '/v1/reports?court=jl&quarter=2026-Q9',
      '/v1/reports?unknown=1',
      '/v1/reports/not-a-uuid',
      '/v1/reports/not-a-uuid/verification',
      '/v1/reports/not-a-uuid/export.pdf',
      '/v1/reports/%00/export.xlsx',
      '/v1/reports/not-a-uuid/export.json',
      '/v1/deliveries?reportId=1',
      '/v1/deliveries',
      '/v1/inbox?kind=letter',
      '/v1/rollup?court=JL-CC',
      '/v1/report-compliance?quarter=2026-Q1',
      `/v1/report-compliance?court=${'过'.repeat(100)}&quarter=2026-Q1`,
    ];
    for (const p of paths) {
      const r = await h.call('GET', p, { as: tm });
      expect([400, 404, 422], p).toContain(r.status);
      expect(r.body.message.zh && r.body.message.en, p).toBeTruthy();
    }
    for (const p of [
      '/v1/reports/not-a-uuid/send',
      '/v1/deliveries/nope/handover',
      `/v1/inbox/x/${'A'.repeat(100)}/acknowledge`,
    ]) {
      const r = await h.call('POST', p, { as: tm, body: {} });
      expect([400, 404, 422], p).toContain(r.status);
    }
  });
});
