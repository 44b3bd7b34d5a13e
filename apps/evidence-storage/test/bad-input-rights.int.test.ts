import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ROUTE_RIGHTS,
  expectedRouteAnswer,
  sendJson,
  type CallerPosition,
  type MatrixRole,
} from '@jir/testing';
import { describeInvalidBodies } from '@jir/testing/suites';
import { archiveBody, integrityBody } from '../src/evidence/evidence.routes.js';
import { evidenceHarness, PNG, type EvidenceHarness } from './harness.js';

let h: EvidenceHarness;
let recordId: string;
let evidenceId: string;
beforeAll(async () => {
  h = await evidenceHarness({ recordWaitMs: 100 });
  recordId = await h.announceRecord();
  await new Promise((r) => setTimeout(r, 300));
  evidenceId = (await h.upload(recordId, PNG)).body.id;
});
afterAll(() => h.close());

const headerValue = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.constantFrom('%', '%E0%A4%A', '../../x', '\u202e', 'a'.repeat(300), 'sha-256=!!!', 'sha-256=AAAA'),
);

describe('generated bad uploads (R-NF-7)', () => {
  it('R-NF-7: 1,000 uploads with random bytes, names, digests and record ids: never a 5xx, nothing half-stored', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 3000 }),
        fc.option(headerValue, { nil: undefined }),
        fc.option(headerValue, { nil: undefined }),
        fc.option(headerValue, { nil: undefined }),
        fc.constantFrom('record', 'random', 'garbage'),
        async (bytes, name, sha, digest, which) => {
          const rid = which === 'record' ? recordId : which === 'random' ? crypto.randomUUID() : 'not-a-uuid';
          const headers: Record<string, string> = {};
          // fetch refuses header values it cannot send; those inputs never reach the server anyway.
          const safe = (v: string | undefined) => v !== undefined && /^[\t\x20-\x7e]*$/.test(v);
          if (safe(name)) headers['x-file-name'] = name!;
          if (safe(sha)) headers['content-sha256'] = sha!;
          if (safe(digest)) headers['digest'] = digest!;
          const r = await h.upload(rid, Buffer.from(bytes), { headers });
          expect(r.status).toBeLessThan(500);
          if (r.status !== 201) expect(r.body.message.zh && r.body.message.en).toBeTruthy();
        },
      ),
      { numRuns: 1000 },
    );
    // Every stored row has its object: nothing half-stored.
    const tm = { sub: 'tm-1', division: 'tm', roles: ['trial-management'] };
    const rec = await (await h.call('GET', '/v1/reconciliation', { as: tm })).json();
    expect(rec).toMatchObject({ objectsWithoutMetadata: [], metadataWithoutObject: [] });
  });

  it('R-NF-7: 1,000 bad archive and integrity-check bodies: never a 5xx', async () => {
    const body = fc.oneof(
      fc.anything(),
      fc.dictionary(fc.constantFrom('destination', 'ids', 'x'), fc.anything(), { maxKeys: 3 }),
    );
    // Only bodies that are bad as the server receives them (no body at all arrives as {}):
    // a valid one would start a full integrity check of every stored object.
    const sent = (b: unknown) => (b === undefined ? {} : (JSON.parse(JSON.stringify(b)) as unknown));
    const bad = fc
      .tuple(body, fc.constantFrom('archive', 'integrity'))
      .filter(
        ([b, which]) => !(which === 'archive' ? archiveBody : integrityBody).safeParse(sent(b)).success,
      );
    await fc.assert(
      fc.asyncProperty(bad, async ([b, which]) => {
        const path = which === 'archive' ? `/v1/evidence/${evidenceId}/archive` : '/v1/integrity-checks';
        const r = await h.call('POST', path, {
          body: b,
          as: { sub: 'judge-a', roles: ['case-handler', 'trial-management'] },
        });
        expect(r.status).toBeLessThan(500);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('NUL and other control characters in query strings, on every route (R-NF-7)', () => {
  const ROUTES: [string, string][] = [
    ['POST', '/v1/evidence'],
    ['GET', '/v1/evidence'],
    ['GET', '/v1/evidence/ID'],
    ['GET', '/v1/evidence/ID/content'],
    ['POST', '/v1/evidence/ID/archive'],
    ['GET', '/v1/reconciliation'],
    ['POST', '/v1/integrity-checks'],
  ];
  const values = ['%00', 'a%00b', `${'x'.repeat(10)}%00`, '%00%00', '%C0%80', '%01%7F', '%'];
  for (const [method, route] of ROUTES) {
    it(`R-NF-7: ${method} ${route} with NUL in the query: a 4xx or a normal answer, never a 5xx`, async () => {
      const path = route.replace('ID', evidenceId);
      for (const v of values) {
        for (const q of [`recordId=${v}`, `x=${v}`, `${v}=1`, `recordId=${recordId}${v}`]) {
          const r = await h.call(method, `${path}?${q}`, {
            as: { sub: 'judge-a', roles: ['case-handler', 'trial-management'] },
            ...(method === 'POST' && route !== '/v1/evidence' ? { body: { destination: 'x', ids: [] } } : {}),
          });
          await r.arrayBuffer();
          expect(r.status, `${method} ${path}?${q}`).toBeLessThan(500);
        }
      }
    });
  }
});

describe('rights matrix (R-AC-1, R-AC-2, R-NF-8)', () => {
  // Where each caller stands relative to the fixture record (judge-a, civil-1, JL-CC-NG).
  const ACTORS: {
    label: string;
    sub: string;
    court?: string;
    division?: string;
    divisions?: string[];
    roles: MatrixRole[];
    position: CallerPosition;
  }[] = [
    { label: 'own handler', sub: 'judge-a', roles: ['case-handler'], position: 'own' },
    { label: 'other handler', sub: 'judge-b', roles: ['case-handler'], position: 'division' },
    {
      label: 'same sub, other court',
      sub: 'judge-a',
      court: 'JL-CC-KC',
      roles: ['case-handler'],
      position: 'sibling-court',
    },
    { label: 'division head', sub: 'dh-1', roles: ['division-head'], position: 'division' },
    {
      label: 'division head, other division',
      sub: 'dh-2',
      division: 'criminal',
      roles: ['division-head'],
      position: 'court',
    },
    {
      label: 'vice-president in charge',
      sub: 'vp',
      division: 'x',
      divisions: ['civil-1'],
      roles: ['vice-president'],
      position: 'in-charge',
    },
    {
      label: 'vice-president not in charge',
      sub: 'vp-2',
      division: 'x',
      divisions: ['criminal'],
      roles: ['vice-president'],
      position: 'court',
    },
    {
      label: 'trial management',
      sub: 'tm-1',
      division: 'tm',
      roles: ['trial-management'],
      position: 'court',
    },
    {
      label: 'trial management, other court',
      sub: 'tm-9',
      court: 'JL-CC-KC',
      division: 'tm',
      roles: ['trial-management'],
      position: 'sibling-court',
    },
    { label: 'statistician', sub: 'st', division: 'tm', roles: ['statistician'], position: 'court' },
    { label: 'auditor', sub: 'au', division: 'd', roles: ['auditor'], position: 'court' },
    { label: 'IT administrator', sub: 'it', division: 'it', roles: ['it-admin'], position: 'court' },
    { label: 'receiving clerk', sub: 'rc', division: 'o', roles: ['receiving-clerk'], position: 'court' },
    {
      label: 'higher-court supervisor',
      sub: 'sup',
      court: 'JL-CC',
      roles: ['supervisor'],
      position: 'lower',
    },
    { label: 'no roles', sub: 'nobody', roles: [], position: 'court' },
  ];
  const deny = [401, 403, 404];
  type Caller = (typeof ACTORS)[number];
  /** A status and the start of what was said, whichever way the harness answered. */
  const said = async (r: Promise<Response | { status: number; body: unknown }>) => {
    const x = await r;
    const text = x instanceof Response ? await x.text() : JSON.stringify(x.body);
    return { status: x.status, text: (text ?? '').slice(0, 300) };
  };
  const ROUTES: {
    route: string;
    call: (a: Caller) => Promise<Response | { status: number; body: unknown }>;
  }[] = [
    { route: 'POST /v1/evidence', call: (a) => h.upload(recordId, PNG, { as: a }) },
    { route: 'GET /v1/evidence', call: (a) => h.call('GET', `/v1/evidence?recordId=${recordId}`, { as: a }) },
    { route: 'GET /v1/evidence/:id', call: (a) => h.call('GET', `/v1/evidence/${evidenceId}`, { as: a }) },
    {
      route: 'GET /v1/evidence/:id/content',
      call: (a) => h.call('GET', `/v1/evidence/${evidenceId}/content`, { as: a }),
    },
    {
      route: 'POST /v1/evidence/:id/archive',
      call: (a) =>
        h.call('POST', `/v1/evidence/${evidenceId}/archive`, { as: a, body: { destination: 'x' } }),
    },
    { route: 'GET /v1/reconciliation', call: (a) => h.call('GET', '/v1/reconciliation', { as: a }) },
    {
      route: 'POST /v1/integrity-checks',
      call: (a) => h.call('POST', '/v1/integrity-checks', { as: a, body: {} }),
    },
  ];

  it('R-NF-8: every route of the OpenAPI document is in the rights matrix and called by every actor here', async () => {
    const r = await h.call('GET', '/v1/openapi.json');
    const doc = (await r.json()) as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    expect(documented.length).toBeGreaterThan(6);
    const matrix = ROUTE_RIGHTS['evidence-storage'] ?? {};
    expect(documented.filter((route) => !(route in matrix))).toEqual([]);
    const called = new Set(ROUTES.map((x) => x.route));
    expect(documented.filter((route) => !called.has(route))).toEqual([]);
  });

  for (const route of ROUTES) {
    const rule = ROUTE_RIGHTS['evidence-storage']?.[route.route];
    if (!rule || !('anyOf' in rule)) throw new Error(`${route.route}: not a plain rule of the matrix`);
    for (const a of ACTORS) {
      const want = expectedRouteAnswer(rule, a.roles, a.position);
      it(`R-AC-1: ${route.route} as ${a.label} → ${want}`, async () => {
        const r = await said(route.call(a));
        if (want === 'ok') expect(deny, r.text).not.toContain(r.status);
        else expect(r.status, r.text).toBe(want);
        expect(r.status).toBeLessThan(500);
      });
    }
  }
});

// Each route with the path and caller that let a body reach validation: a real evidence id and
// a role the route admits, so a refusal can only be the body's.
let doc: unknown;
describeInvalidBodies({
  requirements: 'R-NF-7, R-RC-6',
  doc: async () => (doc ??= await (await h.call('GET', '/v1/openapi.json')).json()),
  reach: {
    'POST /v1/evidence/{id}/archive': { path: () => `/v1/evidence/${evidenceId}/archive`, as: {} },
    'POST /v1/integrity-checks': {
      path: () => '/v1/integrity-checks',
      as: { sub: 'tm-1', division: 'tm', roles: ['trial-management'] },
    },
  },
  send: async (method, path, as, body) => sendJson(h.url, method, path, await h.token(as), body),
});
