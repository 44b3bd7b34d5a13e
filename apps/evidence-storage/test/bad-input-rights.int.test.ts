import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { can } from '@jir/rules';
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
  const ACTORS = [
    { label: 'own handler', sub: 'judge-a', roles: ['case-handler'] },
    { label: 'other handler', sub: 'judge-b', roles: ['case-handler'] },
    { label: 'same sub, other court', sub: 'judge-a', court: 'JL-CC-KC', roles: ['case-handler'] },
    { label: 'division head', sub: 'dh-1', roles: ['division-head'] },
    { label: 'division head, other division', sub: 'dh-2', division: 'criminal', roles: ['division-head'] },
    {
      label: 'vice-president in charge',
      sub: 'vp',
      division: 'x',
      divisions: ['civil-1'],
      roles: ['vice-president'],
    },
    { label: 'trial management', sub: 'tm-1', division: 'tm', roles: ['trial-management'] },
    { label: 'statistician', sub: 'st', division: 'tm', roles: ['statistician'] },
    { label: 'auditor', sub: 'au', division: 'd', roles: ['auditor'] },
    { label: 'IT administrator', sub: 'it', division: 'it', roles: ['it-admin'] },
    { label: 'receiving clerk', sub: 'rc', division: 'o', roles: ['receiving-clerk'] },
    { label: 'higher-court supervisor', sub: 'sup', court: 'JL-CC', roles: ['supervisor'] },
  ];
  const res = { kind: 'evidence' as const, court: 'JL-CC-NG', handler: 'judge-a', division: 'civil-1' };
  const actor = (a: (typeof ACTORS)[number]) => ({
    sub: a.sub,
    court: a.court ?? 'JL-CC-NG',
    division: a.division ?? 'civil-1',
    divisions: a.divisions,
    roles: a.roles,
  });
  const deny = [401, 403, 404];

  for (const a of ACTORS) {
    const view = can(actor(a), 'viewing', res);
    const store = can(actor(a), 'storage', res);
    it(`R-AC-1: ${a.label}: read ${view ? 'yes' : 'no'}, upload ${store ? 'yes' : 'no'}`, async () => {
      for (const path of [
        `/v1/evidence/${evidenceId}`,
        `/v1/evidence/${evidenceId}/content`,
        `/v1/evidence?recordId=${recordId}`,
      ]) {
        const r = await h.call('GET', path, { as: a });
        if (view) expect(deny).not.toContain(r.status);
        else expect(r.status).toBe(404);
        await r.arrayBuffer();
      }
      const up = await h.upload(recordId, PNG, { as: a });
      expect(up.status).toBe(store ? 201 : view ? 403 : 404);
      const arch = await h.call('POST', `/v1/evidence/${evidenceId}/archive`, {
        as: a,
        body: { destination: 'x' },
      });
      if (store) expect(deny).not.toContain(arch.status);
      else expect(arch.status).toBe(view ? 403 : 404);
    });
  }
});
