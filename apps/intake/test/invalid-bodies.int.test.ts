// Every intake route that takes a JSON body gets 1,000 bodies that are invalid by construction
// (generated from the served OpenAPI document by @jir/testing), each sent as a caller the route
// admits to a resource that exists, so a refusal can only be validation's: 400/422 problem+json
// in Chinese and English naming the field, never a 401/403/404 first (R-NF-7, R-RC-6).
import { afterAll, beforeAll } from 'vitest';
import { exemptOpinionBody, materialBody, sendJson } from '@jir/testing';
import { describeInvalidBodies, type BodyReach } from '@jir/testing/suites';
import { intakeHarness, recordBody, type IntakeHarness } from './harness.js';

let h: IntakeHarness;
let doc: unknown;
const ids: Record<string, string> = {};
/** Every role at once, so no route refuses for rights; the court above for what only it does. */
const ALL = {
  sub: 'judge-a',
  roles: ['case-handler', 'trial-management', 'statistician', 'auditor', 'receiving-clerk'],
};
const ABOVE = { sub: 'st', court: 'JL-CC', roles: ['statistician', 'trial-management'] };

beforeAll(async () => {
  h = await intakeHarness();
  doc = (await h.call('GET', '/v1/openapi.json', { as: null })).body;
  ids['record'] = (await h.call('POST', '/v1/records', { body: recordBody({ enter: true }) })).body.id;
  const correction = await h.call('POST', `/v1/records/${ids['record']}/receipt-corrections`, {
    body: { receivedAt: '2026-03-03T09:45:00+08:00', reason: '实际收到时间' },
  });
  ids['correction'] = correction.body.id;
  ids['material'] = (
    await h.call('POST', '/v1/materials', {
      as: { sub: 'clerk', roles: ['receiving-clerk'] },
      body: materialBody(),
    })
  ).body.id;
  ids['complaint'] = (
    await h.call('POST', '/v1/complaints', { body: { against: 'x', description: 'y' } })
  ).body.id;
  // An opinion judge-a filed: ALL is its handler (conversion) and trial management (confirmation).
  ids['opinion'] = (
    await h.call('POST', '/v1/exempt-opinions', {
      as: ALL,
      body: exemptOpinionBody(),
    })
  ).body.id;
});
afterAll(() => h?.close());

/** Where each route's body is sent, and as whom. A documented route missing here fails the first test. */
const REACH: Record<string, BodyReach<Record<string, unknown>>> = {
  'POST /v1/records': { path: () => '/v1/records', as: ALL, valid: recordBody() },
  'POST /v1/records/{id}/amendments': { path: () => `/v1/records/${ids['record']}/amendments`, as: ALL },
  'POST /v1/records/{id}/receipt-corrections': {
    path: () => `/v1/records/${ids['record']}/receipt-corrections`,
    as: ALL,
  },
  'POST /v1/records/{id}/receipt-corrections/{correctionId}/decision': {
    path: () => `/v1/records/${ids['record']}/receipt-corrections/${ids['correction']}/decision`,
    as: ALL,
  },
  'POST /v1/records/{id}/identity': { path: () => `/v1/records/${ids['record']}/identity`, as: ALL },
  'POST /v1/interferer-identities/{id}/merge': {
    path: () => `/v1/interferer-identities/${crypto.randomUUID()}/merge`,
    as: ALL,
  },
  'POST /v1/materials': { path: () => '/v1/materials', as: ALL },
  'POST /v1/materials/{id}/filing': { path: () => `/v1/materials/${ids['material']}/filing`, as: ALL },
  'POST /v1/materials/{id}/transfers': { path: () => `/v1/materials/${ids['material']}/transfers`, as: ALL },
  'POST /v1/exempt-opinions': { path: () => '/v1/exempt-opinions', as: ALL },
  'POST /v1/exempt-opinions/{id}/confirmation': {
    path: () => `/v1/exempt-opinions/${ids['opinion']}/confirmation`,
    as: ALL,
  },
  'POST /v1/exempt-opinions/{id}/conversion': {
    path: () => `/v1/exempt-opinions/${ids['opinion']}/conversion`,
    as: ALL,
  },
  'POST /v1/accountability-entries': { path: () => '/v1/accountability-entries', as: ALL },
  'POST /v1/complaints': { path: () => '/v1/complaints', as: ALL },
  'POST /v1/complaints/{id}/actions': { path: () => `/v1/complaints/${ids['complaint']}/actions`, as: ABOVE },
  'PUT /v1/staff': { path: () => '/v1/staff', as: ALL },
  'POST /v1/sample-draws': { path: () => '/v1/sample-draws', as: ALL },
  'POST /v1/sample-draws/{id}/items/{recordId}/verification': {
    path: () => `/v1/sample-draws/${crypto.randomUUID()}/items/${ids['record']}/verification`,
    as: ALL,
  },
};

describeInvalidBodies({
  requirements: 'R-NF-7, R-RC-6',
  doc: () => doc,
  reach: REACH,
  send: async (method, path, as, body) => sendJson(h.url, method, path, await h.token(as), body),
});
