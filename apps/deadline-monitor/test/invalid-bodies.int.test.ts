// Every deadline-monitor route that takes a JSON body gets 1,000 bodies invalid by construction
// (generated from the served OpenAPI document by @jir/testing), each sent as a caller the route
// admits to a resource that exists, so a refusal can only be validation's: 400/422 problem+json
// in Chinese and English naming the field, never a 401/403/404 first (R-NF-7).
import { afterAll, beforeAll } from 'vitest';
import { sendJson } from '@jir/testing';
import { describeInvalidBodies } from '@jir/testing/suites';
import { HUB_TM, TM, deadlineHarness, type DeadlineHarness } from './harness.js';

let h: DeadlineHarness;
let doc: unknown;
let obligationId: string;

beforeAll(async () => {
  h = await deadlineHarness();
  doc = (await h.call('GET', '/v1/openapi.json', { as: null })).body;
  obligationId = await h.newObligation();
});
afterAll(() => h?.close());

/** Where each route's body is sent, and as whom. A documented route missing here fails the first test. */
describeInvalidBodies({
  doc: () => doc,
  reach: {
    'POST /v1/obligations/{id}/waive': { path: () => `/v1/obligations/${obligationId}/waive`, as: TM },
    'PUT /v1/calendar/{year}': { path: () => '/v1/calendar/2197', as: HUB_TM },
    'POST /v1/calendar/{year}/preview': { path: () => '/v1/calendar/2197/preview', as: HUB_TM },
  },
  send: async (method, path, as, body) => sendJson(h.service.url, method, path, await h.token(as), body),
});
