import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, type Actor } from '@jir/rules';
import type { UserClaims } from '@jir/service-kit';
import { intakeHarness, recordBody, type IntakeHarness } from './harness.js';

let h: IntakeHarness;
type Who = Partial<UserClaims> & { label: string };

// The record under test belongs to judge-a, civil-1, Nanguan court (JL-CC-NG).
const ACTORS: Who[] = [
  { label: 'own handler', sub: 'judge-a', roles: ['case-handler'] },
  { label: 'other handler, same division', sub: 'judge-b', roles: ['case-handler'] },
  { label: 'same sub, other court', sub: 'judge-a', court: 'JL-CC-KC', roles: ['case-handler'] },
  { label: 'division head', sub: 'dh-1', roles: ['division-head'] },
  { label: 'division head, other division', sub: 'dh-2', division: 'criminal-1', roles: ['division-head'] },
  {
    label: 'vice-president in charge',
    sub: 'vp-1',
    division: 'leaders',
    divisions: ['civil-1', 'civil-2'],
    roles: ['vice-president'],
  },
  {
    label: 'vice-president not in charge',
    sub: 'vp-2',
    division: 'leaders',
    divisions: ['criminal-1'],
    roles: ['vice-president'],
  },
  { label: 'trial management', sub: 'tm-1', division: 'tm', roles: ['trial-management'] },
  {
    label: 'trial management, other court',
    sub: 'tm-9',
    court: 'JL-CC-KC',
    division: 'tm',
    roles: ['trial-management'],
  },
  { label: 'statistician', sub: 'st-1', division: 'tm', roles: ['statistician'] },
  { label: 'auditor', sub: 'au-1', division: 'discipline', roles: ['auditor'] },
  {
    label: 'auditor, other court',
    sub: 'au-9',
    court: 'JL-CC-KC',
    division: 'discipline',
    roles: ['auditor'],
  },
  { label: 'IT administrator', sub: 'it-1', division: 'it', roles: ['it-admin'] },
  { label: 'receiving clerk', sub: 'rc-1', division: 'office', roles: ['receiving-clerk'] },
  { label: 'higher-court supervisor', sub: 'sup-1', court: 'JL-CC', division: 'tm', roles: ['supervisor'] },
  { label: 'no roles', sub: 'nobody', roles: [] },
];

const actorOf = (w: Who): Actor => ({
  sub: w.sub!,
  court: w.court ?? 'JL-CC-NG',
  division: w.division ?? 'civil-1',
  divisions: w.divisions,
  roles: w.roles ?? [],
});
const record = { kind: 'record' as const, court: 'JL-CC-NG', handler: 'judge-a', division: 'civil-1' };
const mayView = (w: Who) => can(actorOf(w), 'viewing', record);
const isOwn = (w: Who) => w.sub === 'judge-a' && (w.court ?? 'JL-CC-NG') === 'JL-CC-NG';
const isTM = (w: Who) =>
  (w.court ?? 'JL-CC-NG') === 'JL-CC-NG' && (w.roles ?? []).includes('trial-management');
const isAuditor = (w: Who) => (w.court ?? 'JL-CC-NG') === 'JL-CC-NG' && (w.roles ?? []).includes('auditor');
const DENIED = [401, 403, 404];
const inCourt = (w: Who) => (w.court ?? 'JL-CC-NG') === 'JL-CC-NG';
const has = (w: Who, ...roles: string[]) => (w.roles ?? []).some((r) => roles.includes(r));

let recordId: string;
let identityId: string;
let materialId: string;
let complaintId: string;
const material = {
  caseNumber: '(2026)吉0102民初1234号',
  description: '函件',
  sender: { name: '王某', unit: '某局', position: '局长' },
  form: 'letter',
  receivedAt: '2026-03-03T09:00:00+08:00',
};
beforeAll(async () => {
  h = await intakeHarness();
  const rec = await h.call('POST', '/v1/records', { body: recordBody({ enter: true }) });
  recordId = rec.body.id;
  identityId = rec.body.interfererIdentityId;
  await h.call('POST', `/v1/records/${recordId}/copy-delivery`);
  materialId = (
    await h.call('POST', '/v1/materials', {
      as: { sub: 'rc-1', division: 'office', roles: ['receiving-clerk'] },
      body: material,
    })
  ).body.id;
  complaintId = (await h.call('POST', '/v1/complaints', { body: { against: 'x', description: 'y' } })).body
    .id;
});
afterAll(() => h.close());

/** Expected: 'ok' (any answer but a refusal), 403 (may see, may not act) or 404 (may not know it exists). */
const ROUTES: {
  name: string;
  call: (w: Who) => ReturnType<IntakeHarness['call']>;
  expect: (w: Who) => 'ok' | 403 | 404;
}[] = [
  {
    name: 'GET record',
    call: (w) => h.call('GET', `/v1/records/${recordId}`, { as: w }),
    expect: (w) => (mayView(w) ? 'ok' : 404),
  },
  {
    name: 'GET versions',
    call: (w) => h.call('GET', `/v1/records/${recordId}/versions`, { as: w }),
    expect: (w) => (mayView(w) ? 'ok' : 404),
  },
  {
    name: 'GET views',
    call: (w) => h.call('GET', `/v1/records/${recordId}/views`, { as: w }),
    expect: (w) => (!mayView(w) ? 404 : isOwn(w) || isAuditor(w) ? 'ok' : 403),
  },
  {
    name: 'POST enter',
    call: (w) => h.call('POST', `/v1/records/${recordId}/enter`, { as: w }),
    expect: (w) => (!mayView(w) ? 404 : isOwn(w) ? 'ok' : 403),
  },
  {
    name: 'POST amendment',
    call: (w) =>
      h.call('POST', `/v1/records/${recordId}/amendments`, {
        as: w,
        body: { reason: 'rights check', changes: { severe: false } },
      }),
    expect: (w) => (!mayView(w) ? 404 : isOwn(w) ? 'ok' : 403),
  },
  {
    name: 'POST copy-delivery',
    call: (w) => h.call('POST', `/v1/records/${recordId}/copy-delivery`, { as: w }),
    expect: (w) => (!mayView(w) ? 404 : isOwn(w) ? 'ok' : 403),
  },
  {
    name: 'POST acknowledge',
    call: (w) => h.call('POST', `/v1/records/${recordId}/copy-delivery/acknowledge`, { as: w }),
    expect: (w) => (!mayView(w) ? 404 : isTM(w) ? 'ok' : 403),
  },
  {
    name: 'POST confirmation (not present)',
    call: (w) => h.call('POST', `/v1/records/${recordId}/confirmations`, { as: w }),
    expect: () => 404,
  },
  {
    name: 'POST record',
    call: (w) => h.call('POST', '/v1/records', { as: w, body: recordBody() }),
    expect: (w) => ((w.roles ?? []).includes('case-handler') ? 'ok' : 403),
  },
  {
    name: 'POST materials',
    call: (w) => h.call('POST', '/v1/materials', { as: w, body: material }),
    expect: (w) => (has(w, 'receiving-clerk', 'trial-management') ? 'ok' : 403),
  },
  {
    name: 'GET material',
    call: (w) => h.call('GET', `/v1/materials/${materialId}`, { as: w }),
    expect: (w) => (inCourt(w) && (has(w, 'trial-management', 'auditor') || w.sub === 'rc-1') ? 'ok' : 404),
  },
  {
    name: 'POST filing',
    call: (w) =>
      h.call('POST', `/v1/materials/${materialId}/filing`, {
        as: w,
        body: {
          trialDepartment: 'civil-1',
          departmentReceiver: 'c',
          vicePresident: 'v',
          divisionHead: 'd',
          handler: 'judge-a',
        },
      }),
    expect: (w) => (!has(w, 'trial-management') ? 403 : inCourt(w) ? 'ok' : 404),
  },
  {
    name: 'GET refused attempts',
    call: (w) => h.call('GET', '/v1/refused-attempts', { as: w }),
    expect: (w) => (has(w, 'trial-management', 'auditor') ? 'ok' : 403),
  },
  {
    name: 'POST exempt opinion',
    call: (w) =>
      h.call('POST', '/v1/exempt-opinions', {
        as: w,
        body: {
          caseNumber: '(2026)吉0102民初1号',
          source: 'party-or-government-organ',
          organisation: 'x',
          commissionReference: 'r',
          concernsStateOrPublicInterest: true,
          content: 'c',
          receivedAt: '2026-03-03T09:00:00+08:00',
        },
      }),
    expect: (w) => (has(w, 'case-handler') ? 'ok' : 403),
  },
  {
    name: 'GET identities',
    call: (w) => h.call('GET', '/v1/interferer-identities', { as: w }),
    expect: (w) => (has(w, 'trial-management', 'statistician', 'auditor') ? 'ok' : 403),
  },
  {
    name: 'GET identity',
    call: (w) => h.call('GET', `/v1/interferer-identities/${identityId}`, { as: w }),
    expect: (w) => (has(w, 'trial-management', 'statistician', 'auditor') ? 'ok' : 403),
  },
  {
    name: 'POST split identity',
    call: (w) =>
      h.call('POST', `/v1/records/${recordId}/identity`, {
        as: w,
        body: { identityId, reason: 'rights check' },
      }),
    expect: (w) => (!has(w, 'trial-management') ? 403 : inCourt(w) ? 'ok' : 404),
  },
  {
    name: 'POST ledger entry',
    call: (w) =>
      h.call('POST', '/v1/accountability-entries', {
        as: w,
        body: { staff: 'judge-q', kind: 'failure-to-record', description: 'rights check' },
      }),
    expect: (w) => (has(w, 'trial-management') ? 'ok' : 403),
  },
  {
    name: 'GET ledger',
    call: (w) => h.call('GET', '/v1/accountability-entries', { as: w }),
    expect: (w) => (has(w, 'trial-management', 'auditor') ? 'ok' : 403),
  },
  {
    name: 'GET complaint (filed by judge-a of JL-CC-NG)',
    call: (w) => h.call('GET', `/v1/complaints/${complaintId}`, { as: w }),
    expect: (w) => (isOwn(w) || (w.court === 'JL-CC' && has(w, 'statistician')) ? 'ok' : 404),
  },
  {
    // Each court's auditors and trial management verify their own court's chain, whichever court that is.
    name: 'GET audit verify',
    call: (w) => h.call('GET', '/v1/audit/verify', { as: w }),
    expect: (w) => ((w.roles ?? []).some((r) => r === 'trial-management' || r === 'auditor') ? 'ok' : 403),
  },
];

describe('rights matrix (R-AC-1, R-AC-2, R-NF-8)', () => {
  for (const route of ROUTES) {
    for (const w of ACTORS) {
      const want = route.expect(w);
      it(`R-AC-1: ${route.name} as ${w.label} → ${want}`, async () => {
        const r = await route.call(w);
        if (want === 'ok') expect(DENIED).not.toContain(r.status);
        else expect(r.status).toBe(want);
        expect(r.status).toBeLessThan(500);
        if (want !== 'ok') expect(JSON.stringify(r.body)).not.toMatch(/解除查封|rights check|函件/);
      });
    }
  }

  it('R-AC-2: every listing returns exactly the records its reader may see, across handlers, divisions and courts', async () => {
    const owners: Who[] = [
      { label: 'a', sub: 'judge-a', roles: ['case-handler'] },
      { label: 'b', sub: 'judge-b', roles: ['case-handler'] },
      { label: 'c', sub: 'judge-c', division: 'civil-2', roles: ['case-handler'] },
      { label: 'd', sub: 'judge-d', division: 'criminal-1', roles: ['case-handler'] },
      { label: 'e', sub: 'judge-e', court: 'JL-CC-KC', roles: ['case-handler'] },
    ];
    const made: { id: string; owner: Who }[] = [];
    for (const o of owners)
      made.push({
        id: (
          await h.call('POST', '/v1/records', {
            as: o,
            body: recordBody({ caseNumber: '(2026)吉0102民初9999号' }),
          })
        ).body.id,
        owner: o,
      });
    for (const w of ACTORS) {
      const r = await h.call(
        'GET',
        `/v1/records?limit=200&caseNumber=${encodeURIComponent('(2026)吉0102民初9999号')}`,
        { as: w },
      );
      const expected = made
        .filter(({ owner }) =>
          can(actorOf(w), 'viewing', {
            kind: 'record',
            court: owner.court ?? 'JL-CC-NG',
            handler: owner.sub,
            division: owner.division ?? 'civil-1',
          }),
        )
        .map((m) => m.id)
        .sort();
      if (r.status === 403) expect(expected).toEqual([]);
      else expect(r.body.items.map((i: { id: string }) => i.id).sort()).toEqual(expected);
    }
  });
});
