// Every deadline-monitor route that takes a JSON body gets 1,000 bodies invalid by construction
// (generated from the served OpenAPI document by @jir/testing), each sent as a caller the route
// admits to a resource that exists, so a refusal can only be validation's: 400/422 problem+json
// in Chinese and English naming the field, never a 401/403/404 first (R-NF-7).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyRoutes, refuseInvalidBodies, sendJson } from '@jir/testing';
import { deadlineHarness, recordFacts, type DeadlineHarness } from './harness.js';

const RUNS = 1000;
let h: DeadlineHarness;
let doc: unknown;
let obligationId: string;
const TM = { sub: 'tm-1', division: 'tm', roles: ['trial-management', 'statistician', 'auditor'] };
/** The calendar is loaded by the province's hub court. */
const HUB_TM = { ...TM, sub: 'tm-0', court: 'JL-CC' };

beforeAll(async () => {
  h = await deadlineHarness();
  doc = (await h.call('GET', '/v1/openapi.json', { as: null })).body;
  const f = recordFacts();
  await h.intake.drafted(f);
  obligationId = (await h.awaitObligations(f.recordId, 2))[0]!.id;
});
afterAll(() => h?.close());

/** Where each route's body is sent, and as whom. A documented route missing here fails the first test. */
const REACH: Record<string, { path: () => string; as: Record<string, unknown> }> = {
  'POST /v1/obligations/{id}/waive': { path: () => `/v1/obligations/${obligationId}/waive`, as: TM },
  'PUT /v1/calendar/{year}': { path: () => '/v1/calendar/2197', as: HUB_TM },
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
        send: async (body) => sendJson(h.service.url, method, reach.path(), await h.token(reach.as), body),
      });
      expect(sent).toBe(RUNS);
    }, 900_000);
  }
});
