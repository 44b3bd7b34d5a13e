// Every reporting route that takes a JSON body gets 1,000 bodies invalid by construction
// (generated from the served OpenAPI document by @jir/testing), each sent as a caller the route
// admits to a resource that exists, so a refusal can only be validation's: 400/422 problem+json
// in Chinese and English naming the field, never a 401/403/404 first (R-NF-7).
import { afterAll, beforeAll } from 'vitest';
import { sendJson } from '@jir/testing';
import { describeInvalidBodies, type BodyReach } from '@jir/testing/suites';
import { reportingHarness, type ReportingHarness } from './harness.js';

let h: ReportingHarness;
let doc: unknown;
let deliveryId: string;
const tm = { sub: 'tm-ng', court: 'JL-CC-NG', roles: ['trial-management'] };
const tmCity = { sub: 'tm-city', court: 'JL-CC', roles: ['trial-management'] };
const handler = { sub: 'judge-z', court: 'JL-CC-NG', roles: ['case-handler'] };

beforeAll(async () => {
  h = await reportingHarness();
  doc = (await h.call('GET', '/v1/openapi.json', { as: tm })).body;
  deliveryId = (await h.sentReport(tm)).committeeDeliveryId;
}, 120_000);
afterAll(() => h?.close());

/** Where each route's body is sent, and as whom. A documented route missing here fails the first test. */
const REACH: Record<string, BodyReach<Record<string, unknown> | 'peer'>> = {
  'POST /v1/reports/quarterly': { path: () => '/v1/reports/quarterly', as: tm },
  'POST /v1/declarations': { path: () => '/v1/declarations', as: handler },
  'POST /v1/compliance/circulars': { path: () => '/v1/compliance/circulars', as: tmCity },
  'POST /v1/deliveries/{id}/handover': { path: () => `/v1/deliveries/${deliveryId}/handover`, as: tm },
  // A peer deployment's pushes: the body is validated before the peer's token is checked.
  'POST /v1/inbound-reports': { path: () => '/v1/inbound-reports', as: 'peer' },
  'POST /v1/inbound-acknowledgements': { path: () => '/v1/inbound-acknowledgements', as: 'peer' },
};

describeInvalidBodies({
  doc: () => doc,
  reach: REACH,
  send: async (method, path, as, body) =>
    sendJson(h.url, method, path, as === 'peer' ? 'not-a-peer-token' : await h.token(as), body),
});
