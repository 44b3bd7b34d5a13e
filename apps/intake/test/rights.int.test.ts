import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can } from '@jir/rules';
import type { UserClaims } from '@jir/service-kit';
import {
  MATRIX_CALLERS,
  callerActor,
  describeRouteRights,
  type MatrixCaller,
  type RouteCall,
} from '@jir/testing/suites';
import { exemptOpinionBody, materialBody, waitFor } from '@jir/testing';
import { intakeHarness, recordBody, type IntakeHarness } from './harness.js';

let h: IntakeHarness;
type Who = MatrixCaller;

// The record under test belongs to judge-a, civil-1, Nanguan court (JL-CC-NG).
const isOwn = (w: Who) => w.sub === 'judge-a' && (w.court ?? 'JL-CC-NG') === 'JL-CC-NG';
const inCourt = (w: Who) => (w.court ?? 'JL-CC-NG') === 'JL-CC-NG';
const has = (w: Who, ...roles: string[]) => (w.roles ?? []).some((r) => roles.includes(r));
/** Who reads the fixture's exempt opinion: its handler, and the court's trial management, statistician and auditors. */
const opinionReader = (w: Who) =>
  inCourt(w) && (isOwn(w) || has(w, 'trial-management', 'statistician', 'auditor'));
const opinionBody = exemptOpinionBody();

let recordId: string;
let identityId: string;
let materialId: string;
let complaintId: string;
let drawId: string;
let correctionId: string;
let opinionId: string;
const spareIdentities: string[] = [];
const material = materialBody({ caseNumber: '(2026)吉0102民初1234号' });
beforeAll(async () => {
  h = await intakeHarness();
  // An interferer of its own: the 'POST record' rows below (in other courts too) use the default one.
  const rec = await h.call('POST', '/v1/records', {
    body: recordBody({ enter: true, interferer: { ...recordBody().interferer, name: '李某' } }),
  });
  recordId = rec.body.id;
  identityId = rec.body.interfererIdentityId;
  await h.call('POST', `/v1/records/${recordId}/copy-delivery`);
  // A pending receipt correction of the fixture, for trial management to decide (R-RC-4).
  correctionId = (
    await h.call('POST', `/v1/records/${recordId}/receipt-corrections`, {
      body: { receivedAt: '2026-03-03T09:45:00+08:00', reason: 'rights check' },
    })
  ).body.id;
  materialId = await receivedMaterial();
  // An exempt opinion judge-a filed, for trial management to decide and its handler to convert (R-SC-4).
  opinionId = (await h.call('POST', '/v1/exempt-opinions', { body: opinionBody })).body.id;
  complaintId = (await h.call('POST', '/v1/complaints', { body: { against: 'x', description: 'y' } })).body
    .id;
  const draw = await h.call('POST', '/v1/sample-draws', {
    as: { sub: 'tm-1', division: 'tm', roles: ['trial-management'] },
    body: { quarter: '2025-Q1', share: 0.25 },
  });
  expect(draw.status).toBe(201);
  drawId = draw.body.id;
  for (const name of ['赵某', '钱某']) {
    const spare = await h.call('POST', '/v1/records', {
      body: recordBody({ interferer: { ...recordBody().interferer, name } }),
    });
    spareIdentities.push(spare.body.interfererIdentityId);
  }
});
afterAll(() => h.close());

const sealed = new Map<string, Promise<void>>();
/** A record in the court, and its audit chain sealed (its signed head exists), once per court. */
const chainSealed = (court: string): Promise<void> => {
  let done = sealed.get(court);
  if (!done) {
    done = (async () => {
      const made = await h.call('POST', '/v1/records', {
        as: { sub: 'judge-seal', court, roles: ['case-handler'] },
        body: recordBody(),
      });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      await waitFor(
        async () => {
          const head = await h.call('GET', '/v1/audit/head', {
            as: { sub: 'aud', court, roles: ['auditor'] },
          });
          return head.status === 200 ? true : undefined;
        },
        { what: `the audit chain of ${court} sealed` },
      );
    })();
    sealed.set(court, done);
  }
  return done;
};

/** A material received by rc-1 of JL-CC-NG, as the fixture is. */
const receivedMaterial = async (): Promise<string> =>
  (
    await h.call('POST', '/v1/materials', {
      as: { sub: 'rc-1', division: 'office', roles: ['receiving-clerk'] },
      body: material,
    })
  ).body.id;

/**
 * Every route of the service's OpenAPI document, called by each actor. The expected answer comes
 * from the hand-written matrix in @jir/testing (ROUTE_RIGHTS, RIGHTS_MATRIX), never from can();
 * only the routes the matrix marks special carry a literal expectation here, with its reason.
 * 'ok' is any answer but a refusal, 403 may see but not act, 404 may not know it exists.
 */
const ROUTES: RouteCall<Who>[] = [
  { route: 'GET /v1/records/:id', call: (w) => h.call('GET', `/v1/records/${recordId}`, { as: w }) },
  {
    route: 'GET /v1/records/:id/versions',
    call: (w) => h.call('GET', `/v1/records/${recordId}/versions`, { as: w }),
  },
  {
    route: 'GET /v1/records/:id/views',
    call: (w) => h.call('GET', `/v1/records/${recordId}/views`, { as: w }),
  },
  {
    route: 'POST /v1/records/:id/enter',
    call: (w) => h.call('POST', `/v1/records/${recordId}/enter`, { as: w }),
  },
  {
    route: 'POST /v1/records/:id/amendments',
    call: (w) =>
      h.call('POST', `/v1/records/${recordId}/amendments`, {
        as: w,
        body: { reason: 'rights check', changes: { severe: false } },
      }),
  },
  {
    route: 'POST /v1/records/:id/copy-delivery',
    call: (w) => h.call('POST', `/v1/records/${recordId}/copy-delivery`, { as: w }),
  },
  {
    route: 'POST /v1/records/:id/copy-delivery/acknowledge',
    call: (w) => h.call('POST', `/v1/records/${recordId}/copy-delivery/acknowledge`, { as: w }),
  },
  {
    // The fixture record is entered: no confirmation is pending, for anyone.
    route: 'POST /v1/records/:id/confirmations',
    call: (w) => h.call('POST', `/v1/records/${recordId}/confirmations`, { as: w }),
    expect: () => 404,
  },
  {
    // Nobody is listed present at the fixture record: every caller gets 200 and only their own.
    route: 'GET /v1/records/awaiting-my-confirmation',
    call: (w) => h.call('GET', '/v1/records/awaiting-my-confirmation', { as: w }),
    expect: () => 'ok',
  },
  { route: 'POST /v1/records', call: (w) => h.call('POST', '/v1/records', { as: w, body: recordBody() }) },
  {
    route: 'GET /v1/records',
    // Which records each reader gets is the listing test below.
    call: (w) => h.call('GET', '/v1/records', { as: w }),
  },
  { route: 'POST /v1/materials', call: (w) => h.call('POST', '/v1/materials', { as: w, body: material }) },
  {
    // Waiting for a caller is a fact of the row (holder, filing form): each gets 200 with their own.
    route: 'GET /v1/materials',
    call: (w) => h.call('GET', '/v1/materials?waitingFor=me', { as: w }),
    expect: () => 'ok',
  },
  {
    route: 'GET /v1/materials/:id',
    call: (w) => h.call('GET', `/v1/materials/${materialId}`, { as: w }),
    // Received by rc-1 of JL-CC-NG: its receiver, the court's trial management and auditors.
    expect: (w) => (inCourt(w) && (has(w, 'trial-management', 'auditor') || w.sub === 'rc-1') ? 'ok' : 404),
  },
  {
    route: 'GET /v1/materials/:id/filing-form.pdf',
    call: (w) => h.call('GET', `/v1/materials/${materialId}/filing-form.pdf`, { as: w }),
    // As GET /v1/materials/:id; the fixture is not registered, so those who may read it get 409.
    expect: (w) => (inCourt(w) && (has(w, 'trial-management', 'auditor') || w.sub === 'rc-1') ? 'ok' : 404),
  },
  {
    route: 'GET /v1/records/:id/form.pdf',
    call: (w) => h.call('GET', `/v1/records/${recordId}/form.pdf`, { as: w }),
  },
  {
    route: 'POST /v1/materials/:id/filing',
    // A material of its own each time: a filing that succeeds names judge-a its handler, who could
    // then read the shared fixture (GET /v1/materials/:id above) when the order is shuffled.
    call: async (w) =>
      h.call('POST', `/v1/materials/${await receivedMaterial()}/filing`, {
        as: w,
        body: {
          trialDepartment: 'civil-1',
          departmentReceiver: 'c',
          vicePresident: 'v',
          divisionHead: 'd',
          handler: 'judge-a',
        },
      }),
  },
  {
    route: 'POST /v1/materials/:id/transfers',
    call: (w) =>
      h.call('POST', `/v1/materials/${materialId}/transfers`, { as: w, body: { hop: 'x', to: 'y' } }),
    // An invalid hop is refused (422) before the material is looked up, for everyone alike, so it
    // reveals nothing; who may pass each hop is materials.int.test.ts's (R-TR-3).
    expect: () => 'ok',
  },
  { route: 'GET /v1/refused-attempts', call: (w) => h.call('GET', '/v1/refused-attempts', { as: w }) },
  {
    route: 'POST /v1/exempt-opinions',
    call: (w) => h.call('POST', '/v1/exempt-opinions', { as: w, body: opinionBody }),
  },
  {
    route: 'GET /v1/exempt-opinions',
    call: (w) => h.call('GET', '/v1/exempt-opinions', { as: w }),
  },
  {
    route: 'POST /v1/exempt-opinions/:id/confirmation',
    call: (w) =>
      h.call('POST', `/v1/exempt-opinions/${opinionId}/confirmation`, {
        as: w,
        body: { decision: 'rejected', reason: 'rights check' },
      }),
    // Trial management of the opinion's court decides; its other readers are told no (R-SC-4).
    expect: (w) => (inCourt(w) && has(w, 'trial-management') ? 'ok' : opinionReader(w) ? 403 : 404),
  },
  {
    route: 'POST /v1/exempt-opinions/:id/conversion',
    call: (w) =>
      h.call('POST', `/v1/exempt-opinions/${opinionId}/conversion`, {
        as: w,
        body: { reason: 'rights check', record: recordBody() },
      }),
    // Only the opinion's handler converts it, into their own record (R-SC-4).
    expect: (w) => (isOwn(w) ? 'ok' : opinionReader(w) ? 403 : 404),
  },
  {
    route: 'POST /v1/records/:id/form-archive',
    call: (w) => h.call('POST', `/v1/records/${recordId}/form-archive`, { as: w }),
  },
  {
    route: 'GET /v1/records/:id/form-archive',
    call: (w) => h.call('GET', `/v1/records/${recordId}/form-archive`, { as: w }),
  },
  {
    route: 'GET /v1/interferer-identities',
    call: (w) => h.call('GET', '/v1/interferer-identities', { as: w }),
  },
  {
    route: 'GET /v1/interferer-identities/:id',
    call: (w) => h.call('GET', `/v1/interferer-identities/${identityId}`, { as: w }),
  },
  {
    route: 'POST /v1/interferer-identities/:id/merge',
    // Two identities of this court used by nothing else: the one merge allowed changes no other row.
    call: (w) =>
      h.call('POST', `/v1/interferer-identities/${spareIdentities[0]}/merge`, {
        as: w,
        body: { into: spareIdentities[1], reason: 'rights check' },
      }),
  },
  {
    route: 'POST /v1/records/:id/identity',
    call: (w) =>
      h.call('POST', `/v1/records/${recordId}/identity`, {
        as: w,
        body: { identityId, reason: 'rights check' },
      }),
  },
  {
    route: 'POST /v1/accountability-entries',
    call: (w) =>
      h.call('POST', '/v1/accountability-entries', {
        as: w,
        body: { staff: 'judge-q', kind: 'failure-to-record', description: 'rights check' },
      }),
  },
  {
    route: 'GET /v1/accountability-entries',
    call: (w) => h.call('GET', '/v1/accountability-entries', { as: w }),
  },
  {
    route: 'GET /v1/accountability/breaches',
    call: (w) => h.call('GET', '/v1/accountability/breaches', { as: w }),
  },
  {
    route: 'POST /v1/complaints',
    call: (w) => h.call('POST', '/v1/complaints', { as: w, body: { against: 'x', description: 'y' } }),
    expect: () => 'ok',
  },
  {
    route: 'GET /v1/complaints',
    call: (w) => h.call('GET', '/v1/complaints', { as: w }),
    expect: () => 'ok',
  },
  {
    route: 'GET /v1/complaints/:id',
    call: (w) => h.call('GET', `/v1/complaints/${complaintId}`, { as: w }),
    // Filed by judge-a of JL-CC-NG, so received by JL-CC: the filer and JL-CC's designated staff.
    expect: (w) => (isOwn(w) || (w.court === 'JL-CC' && has(w, 'auditor')) ? 'ok' : 404),
  },
  {
    route: 'POST /v1/complaints/:id/actions',
    call: (w) =>
      h.call('POST', `/v1/complaints/${complaintId}/actions`, {
        as: w,
        body: { action: 'reported-to-committee', note: 'rights check' },
      }),
    // The filer may know it exists, not act on it.
    expect: (w) => (w.court === 'JL-CC' && has(w, 'auditor') ? 'ok' : isOwn(w) ? 403 : 404),
  },
  {
    // The fixture has a pending correction: its handler's second request is 409, not a refusal.
    route: 'POST /v1/records/:id/receipt-corrections',
    call: (w) =>
      h.call('POST', `/v1/records/${recordId}/receipt-corrections`, {
        as: w,
        body: { receivedAt: '2026-03-03T09:50:00+08:00', reason: 'rights check' },
      }),
  },
  {
    // The first of the court's trial management approves it; later deciders get 409, not a refusal.
    route: 'POST /v1/records/:id/receipt-corrections/:correctionId/decision',
    call: (w) =>
      h.call('POST', `/v1/records/${recordId}/receipt-corrections/${correctionId}/decision`, {
        as: w,
        body: { approve: true, note: 'rights check' },
      }),
  },
  { route: 'GET /v1/audit/verify', call: (w) => h.call('GET', '/v1/audit/verify', { as: w }) },
  {
    route: 'GET /v1/audit/head',
    // A court's head exists once its chain has a sealed entry: the caller's court gets one first,
    // whatever ran before (in file order the other courts' record rows made them).
    call: async (w) => {
      await chainSealed(w.court ?? 'JL-CC-NG');
      return h.call('GET', '/v1/audit/head', { as: w });
    },
  },
  // The staff directory's routes are being added: each is called once the document lists it.
  { route: 'PUT /v1/staff', call: (w) => h.call('PUT', '/v1/staff', { as: w, body: {} }) },
  { route: 'GET /v1/staff', call: (w) => h.call('GET', '/v1/staff', { as: w }) },
  { route: 'GET /v1/staff/unknown', call: (w) => h.call('GET', '/v1/staff/unknown', { as: w }) },
  {
    route: 'POST /v1/sample-draws',
    call: (w) => h.call('POST', '/v1/sample-draws', { as: w, body: { quarter: '2025-Q1', share: 0.25 } }),
  },
  { route: 'GET /v1/sample-draws', call: (w) => h.call('GET', '/v1/sample-draws', { as: w }) },
  { route: 'GET /v1/sample-draws/:id', call: (w) => h.call('GET', `/v1/sample-draws/${drawId}`, { as: w }) },
  {
    route: 'GET /v1/sample-draws/awaiting-my-verification',
    call: (w) => h.call('GET', '/v1/sample-draws/awaiting-my-verification', { as: w }),
    expect: () => 'ok',
  },
  {
    route: 'POST /v1/sample-draws/:id/items/:recordId/verification',
    call: (w) =>
      h.call('POST', `/v1/sample-draws/${drawId}/items/${recordId}/verification`, {
        as: w,
        body: { outcome: 'confirmed', note: 'rights check' },
      }),
    // The fixture record is not in the draw: nobody may learn of an item that is not there.
    // (who verifies a drawn one is sampling.int.test.ts's).
    expect: () => 404,
  },
];

describeRouteRights({
  title: 'rights matrix (R-AC-1, R-AC-2, R-NF-8)',
  service: 'intake',
  doc: async () => (await h.call('GET', '/v1/openapi.json', { as: null })).body,
  callers: MATRIX_CALLERS,
  routes: ROUTES,
  documented: { moreThan: 30 },
  hidden: /解除查封|rights check|函件/,
  more: () => {
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
      for (const w of MATRIX_CALLERS) {
        const r = await h.call(
          'GET',
          `/v1/records?limit=200&caseNumber=${encodeURIComponent('(2026)吉0102民初9999号')}`,
          { as: w },
        );
        const expected = made
          .filter(({ owner }) =>
            can(callerActor(w), 'viewing', {
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
  },
});

/**
 * Identities are one person across courts (R-BX-2), but a court sees and changes only the
 * identities its own records point to (R-AC-2). Each route × actor: trial management,
 * statistician and auditors of the same court, of another court and of a court that does not
 * exist, and roles that manage no identities.
 */
describe('identities: same court, other court, unknown court (R-AC-2, R-NF-8)', () => {
  type Reach = 'same' | 'other' | 'unknown';
  const ID_ACTORS: (Who & { reach: Reach })[] = [
    { label: 'trial management', sub: 'tm-1', division: 'tm', roles: ['trial-management'], reach: 'same' },
    { label: 'statistician', sub: 'st-1', division: 'tm', roles: ['statistician'], reach: 'same' },
    { label: 'auditor', sub: 'au-1', division: 'discipline', roles: ['auditor'], reach: 'same' },
    { label: 'case handler', sub: 'judge-a', roles: ['case-handler'], reach: 'same' },
    { label: 'no roles', sub: 'nobody', roles: [], reach: 'same' },
    {
      label: 'trial management, other court',
      sub: 'tm-9',
      court: 'JL-CC-KC',
      division: 'tm',
      roles: ['trial-management'],
      reach: 'other',
    },
    {
      label: 'auditor, other court',
      sub: 'au-9',
      court: 'JL-CC-KC',
      division: 'discipline',
      roles: ['auditor'],
      reach: 'other',
    },
    {
      label: 'trial management, unknown court',
      sub: 'tm-x',
      court: 'XX-NOWHERE',
      division: 'tm',
      roles: ['trial-management'],
      reach: 'unknown',
    },
  ];
  const manages = (w: Who) => has(w, 'trial-management', 'statistician', 'auditor');
  const isTrialManagement = (w: Who) => has(w, 'trial-management');
  const KC_HANDLER = { sub: 'judge-k', court: 'JL-CC-KC', roles: ['case-handler'] };

  /** A record in `court` whose interferer no other record has: its identity is that court's alone. */
  async function lone(as: Partial<UserClaims> = {}) {
    const name = `过问人${crypto.randomUUID().slice(0, 8)}`;
    const r = await h.call('POST', '/v1/records', {
      as,
      body: recordBody({ interferer: { ...recordBody().interferer, name } }),
    });
    expect(r.status).toBe(201);
    return { name, recordId: r.body.id as string, identityId: r.body.interfererIdentityId as string };
  }
  const identityOfRecord = async (id: string) =>
    (await h.db.selectFrom('records').select('identity_id').where('id', '=', id).executeTakeFirstOrThrow())
      .identity_id;

  for (const w of ID_ACTORS) {
    const visible = manages(w) && w.reach === 'same';
    const wantRead = !manages(w) ? 403 : visible ? 200 : 404;
    const wantChange = !isTrialManagement(w) ? 403 : w.reach === 'same' ? 200 : 404;

    it(`R-AC-2: match (list ?q=) and list as ${w.label}: another court's identity never shows`, async () => {
      const ng = await lone();
      for (const path of [
        `/v1/interferer-identities?q=${encodeURIComponent(ng.name)}`,
        '/v1/interferer-identities',
      ]) {
        const r = await h.call('GET', path, { as: w });
        if (!manages(w)) {
          expect(r.status).toBe(403);
          continue;
        }
        expect(r.status).toBe(200);
        const ids = (r.body as { id: string }[]).map((i) => i.id);
        if (visible) expect(ids).toContain(ng.identityId);
        else {
          expect(ids).not.toContain(ng.identityId);
          expect(JSON.stringify(r.body)).not.toContain(ng.name);
        }
      }
    });

    it(`R-AC-2: read an identity of this court as ${w.label} → ${wantRead}`, async () => {
      const ng = await lone();
      const r = await h.call('GET', `/v1/interferer-identities/${ng.identityId}`, { as: w });
      expect(r.status).toBe(wantRead);
      if (wantRead === 200) expect(r.body.records.map((x: { id: string }) => x.id)).toEqual([ng.recordId]);
      else expect(JSON.stringify(r.body)).not.toContain(ng.name);
    });

    it(`R-NF-8: merge identities of this court as ${w.label} → ${wantChange}; nothing moves when refused`, async () => {
      const a = await lone();
      const b = await lone();
      const r = await h.call('POST', `/v1/interferer-identities/${a.identityId}/merge`, {
        as: w,
        body: { into: b.identityId, reason: 'rights check' },
      });
      expect(r.status).toBe(wantChange);
      expect(await identityOfRecord(a.recordId)).toBe(wantChange === 200 ? b.identityId : a.identityId);
      if (wantChange !== 200) expect(JSON.stringify(r.body)).not.toContain(b.name);
    });

    if (isTrialManagement(w) && w.reach !== 'same') {
      it(`R-NF-8: ${w.label} cannot merge this court's identity into its own, nor its own into this court's`, async () => {
        const ng = await lone();
        // The other court's own identity (for an unknown court there is none of its own: use a Kuancheng one).
        const mine = await lone(w.reach === 'other' ? KC_HANDLER : { court: 'JL-CC-KC', sub: 'judge-k' });
        for (const [from, into] of [
          [ng.identityId, mine.identityId],
          [mine.identityId, ng.identityId],
        ]) {
          const r = await h.call('POST', `/v1/interferer-identities/${from}/merge`, {
            as: w,
            body: { into, reason: 'rights check' },
          });
          expect(r.status).toBe(404);
          expect(JSON.stringify(r.body)).not.toContain(ng.name);
        }
        expect(await identityOfRecord(ng.recordId)).toBe(ng.identityId);
        expect(await identityOfRecord(mine.recordId)).toBe(mine.identityId);
      });
    }

    it(`R-NF-8: split a record onto an identity of this court as ${w.label}`, async () => {
      const ng = await lone();
      const target = await lone();
      // Same court: its own record. Others: a record of their own court (if any) onto this court's identity.
      const moved = w.reach === 'same' ? ng : await lone(KC_HANDLER);
      const r = await h.call('POST', `/v1/records/${moved.recordId}/identity`, {
        as: w,
        body: { identityId: target.identityId, reason: 'rights check' },
      });
      expect(r.status).toBe(wantChange);
      expect(await identityOfRecord(moved.recordId)).toBe(
        wantChange === 200 ? target.identityId : moved.identityId,
      );
      if (wantChange !== 200) expect(JSON.stringify(r.body)).not.toContain(target.name);
    });
  }
});
