// Every reporting route that takes a JSON body gets 1,000 bodies invalid by construction
// (generated from the served OpenAPI document by @jir/testing), each sent as a caller the route
// admits to a resource that exists, so a refusal can only be validation's: 400/422 problem+json
// in Chinese and English naming the field, never a 401/403/404 first (R-NF-7).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyRoutes, refuseInvalidBodies, sendJson } from '@jir/testing';
import { reportingHarness, type ReportingHarness } from './harness.js';

const RUNS = 1000;
let h: ReportingHarness;
let doc: unknown;
let deliveryId: string;
const tm = { sub: 'tm-ng', court: 'JL-CC-NG', roles: ['trial-management'] };
const tmCity = { sub: 'tm-city', court: 'JL-CC', roles: ['trial-management'] };
const handler = { sub: 'judge-z', court: 'JL-CC-NG', roles: ['case-handler'] };

beforeAll(async () => {
  h = await reportingHarness();
  doc = (await h.call('GET', '/v1/openapi.json', { as: tm })).body;
  const report = (
    await h.call('POST', '/v1/reports/quarterly', { as: tm, body: { court: 'JL-CC-NG', quarter: '2026-Q1' } })
  ).body;
  const sent = await h.call('POST', `/v1/reports/${report.id}/send`, { as: tm });
  deliveryId = sent.body.items.find((d: { channel: string }) => d.channel === 'committee').id;
}, 120_000);
afterAll(() => h?.close());

/** Where each route's body is sent, and as whom. A documented route missing here fails the first test. */
const REACH: Record<string, { path: () => string; as: Record<string, unknown> | 'peer' }> = {
  'POST /v1/reports/quarterly': { path: () => '/v1/reports/quarterly', as: tm },
  'POST /v1/declarations': { path: () => '/v1/declarations', as: handler },
  'POST /v1/compliance/circulars': { path: () => '/v1/compliance/circulars', as: tmCity },
  'POST /v1/deliveries/{id}/handover': { path: () => `/v1/deliveries/${deliveryId}/handover`, as: tm },
  // A peer deployment's push: the body is validated before the peer's token is checked.
  'POST /v1/inbound-reports': { path: () => '/v1/inbound-reports', as: 'peer' },
};

describe('generated invalid bodies on every route with a JSON body (R-NF-7)', () => {
  it('R-NF-7: every route with a JSON body in the OpenAPI document is among those sent invalid bodies', () => {
    expect(
      bodyRoutes(doc)
        .map((r) => `${r.method} ${r.path}`)
        .sort(),
    ).toEqual(Object.keys(REACH).sort());
  });

  for (const [route, reach] of Object.entries(REACH)) {
    it(`R-NF-7: ${route}: 1,000 invalid bodies, each refused by validation naming a field, none by rights`, async () => {
      const method = route.split(' ')[0]!;
      const sent = await refuseInvalidBodies({
        doc,
        route,
        numRuns: RUNS,
        send: async (body) =>
          sendJson(
            h.url,
            method,
            reach.path(),
            reach.as === 'peer' ? 'not-a-peer-token' : await h.token(reach.as),
            body,
          ),
      });
      expect(sent).toBe(RUNS);
    }, 900_000);
  }
});
