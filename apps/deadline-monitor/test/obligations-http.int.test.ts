import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { obligationBreached, obligationWaived } from '@jir/contracts';
import { can } from '@jir/rules';
import type { UserClaims } from '@jir/service-kit';
import { waitFor } from '@jir/testing';
import {
  MATRIX_CALLERS,
  callerActor,
  describeRouteRights,
  type MatrixCaller,
  type RouteCall,
} from '@jir/testing/suites';
import { deadlineHarness, recordFacts, type DeadlineHarness } from './harness.js';

let h: DeadlineHarness;
type Who = MatrixCaller;

// The fixture record belongs to judge-a, civil-1, Nanguan court (JL-CC-NG); its duties are the
// fixture obligations. The callers are those of every service's rights test, and the hub's.
const ACTORS: readonly Who[] = [
  ...MATRIX_CALLERS,
  {
    // The reporting hub (JL-CC) above the fixture's court: the one that loads the calendar.
    position: 'lower',
    label: 'trial management of the reporting hub',
    sub: 'tm-0',
    court: 'JL-CC',
    division: 'tm',
    roles: ['trial-management'],
  },
  {
    position: 'lower',
    label: 'IT administrator of the reporting hub',
    sub: 'it-0',
    court: 'JL-CC',
    division: 'it',
    roles: ['it-admin'],
  },
];
const TM = { sub: 'tm-1', division: 'tm', roles: ['trial-management'] };

/** Drafts a record of `owner` and returns its entry and copy obligations. */
async function dutiesOf(owner: { sub: string; court?: string; division?: string }, receivedAt: string) {
  const f = recordFacts({ handler: owner.sub, division: owner.division ?? 'civil-1', receivedAt });
  await h.intake.drafted(f, owner.court ?? 'JL-CC-NG');
  const rows = await h.awaitObligations(f.recordId, 2);
  return {
    recordId: f.recordId,
    entry: rows.find((r) => r.kind === 'entry')!,
    copy: rows.find((r) => r.kind === 'copy')!,
  };
}

let fixture: Awaited<ReturnType<typeof dutiesOf>>;
beforeAll(async () => {
  h = await deadlineHarness();
  fixture = await dutiesOf({ sub: 'judge-a' }, '2026-03-05T10:00:00+08:00');
});
afterAll(() => h?.close());

const ROUTES: RouteCall<Who>[] = [
  { route: 'GET /v1/obligations', call: (w) => h.call('GET', '/v1/obligations', { as: w }) },
  {
    route: 'GET /v1/obligations/:id',
    call: (w) => h.call('GET', `/v1/obligations/${fixture.entry.id}`, { as: w }),
  },
  {
    // Waived by the first caller allowed to; later ones get 409 (closed), still not a refusal.
    route: 'POST /v1/obligations/:id/waive',
    call: (w) =>
      h.call('POST', `/v1/obligations/${fixture.copy.id}/waive`, { as: w, body: { reason: 'rights check' } }),
  },
  {
    route: 'GET /v1/calendar/:year',
    call: (w) => h.call('GET', '/v1/calendar/2026', { as: w }),
    expect: () => 'ok',
  },
  {
    // A year far from every test's deadlines: loading it moves nothing.
    route: 'PUT /v1/calendar/:year',
    call: (w) => h.call('PUT', '/v1/calendar/2199', { as: w, body: { holidays: [], makeUpWorkdays: [] } }),
    // One calendar moves every court's deadlines: the hub's trial management alone loads it.
    expect: (w) => (w.court === 'JL-CC' && w.roles?.includes('trial-management') ? 'ok' : 403),
  },
  {
    route: 'POST /v1/calendar/:year/preview',
    call: (w) =>
      h.call('POST', '/v1/calendar/2199/preview', { as: w, body: { holidays: [], makeUpWorkdays: [] } }),
    expect: (w) => (w.court === 'JL-CC' && w.roles?.includes('trial-management') ? 'ok' : 403),
  },
  { route: 'GET /v1/compliance', call: (w) => h.call('GET', '/v1/compliance?quarter=2026-Q1', { as: w }) },
];

describeRouteRights({
  title: 'rights matrix of the deadline monitor (R-AC-1, R-AC-2, R-NF-8)',
  service: 'deadline-monitor',
  doc: async () => (await fetch(`${h.service.url}/v1/openapi.json`)).json(),
  callers: ACTORS,
  routes: ROUTES,
  documented: { exactly: 7 },
  hidden: /judge-a|rights check/,
});

describe('who sees which obligations (R-AC-2)', () => {
  it('R-AC-2: every listing returns exactly the duties of the records its reader may see, across handlers, divisions and courts', async () => {
    const owners = [
      { sub: 'judge-a' },
      { sub: 'judge-b' },
      { sub: 'judge-c', division: 'civil-2' },
      { sub: 'judge-d', division: 'criminal-1' },
      { sub: 'judge-e', court: 'JL-CC-KC' },
    ];
    const made: { id: string; owner: (typeof owners)[number] }[] = [];
    for (const o of owners) {
      const d = await dutiesOf(o, '2026-03-12T10:00:00+08:00');
      made.push({ id: d.entry.id, owner: o }, { id: d.copy.id, owner: o });
    }
    const mine = new Set(made.map((m) => m.id));
    for (const w of ACTORS) {
      const r = await h.call('GET', '/v1/obligations?limit=500', { as: w });
      const want = made
        .filter(({ owner }) =>
          can(callerActor(w), 'viewing', {
            kind: 'obligation',
            court: owner.court ?? 'JL-CC-NG',
            handler: owner.sub,
            division: owner.division ?? 'civil-1',
          }),
        )
        .map((m) => m.id)
        .sort();
      if (r.status === 403) {
        expect(want, w.label).toEqual([]);
        continue;
      }
      expect(r.status, w.label).toBe(200);
      const got = (r.body.items as { id: string }[])
        .map((i) => i.id)
        .filter((id) => mine.has(id))
        .sort();
      expect(got, w.label).toEqual(want);
      // Whatever else is listed (other tests' duties, the court's report duties) is in reach too.
      for (const i of r.body.items as { court: string; handler?: string; division?: string }[])
        expect(can(callerActor(w), 'viewing', { ...i, kind: 'obligation' }), w.label).toBe(true);
    }
    // Handler, division head and trial management, as the issue names them.
    const seen = async (who: Partial<UserClaims>) =>
      (
        (await h.call('GET', '/v1/obligations?limit=500', { as: who })).body.items as {
          id: string;
          handler?: string;
        }[]
      )
        .filter((i) => mine.has(i.id))
        .map((i) => i.handler)
        .sort();
    expect(await seen({ sub: 'judge-b' })).toEqual(['judge-b', 'judge-b']);
    expect(await seen({ sub: 'dh-1', roles: ['division-head'] })).toEqual([
      'judge-a',
      'judge-a',
      'judge-b',
      'judge-b',
    ]);
    expect(new Set(await seen(TM))).toEqual(new Set(['judge-a', 'judge-b', 'judge-c', 'judge-d']));
    expect(await seen({ sub: 'tm-9', court: 'JL-CC-KC', roles: ['trial-management'] })).toEqual([
      'judge-e',
      'judge-e',
    ]);
  });

  it('R-AC-2: filters narrow the page, never widen it; another court asked for by name is refused', async () => {
    const d = await dutiesOf({ sub: 'judge-f' }, '2026-03-16T10:00:00+08:00');
    const byRecord = await h.call('GET', `/v1/obligations?recordId=${d.recordId}&kind=copy`, { as: TM });
    expect(byRecord.status).toBe(200);
    expect(byRecord.body.items.map((i: { id: string }) => i.id)).toEqual([d.copy.id]);
    expect(byRecord.body.items[0]).toMatchObject({
      kind: 'copy',
      recordId: d.recordId,
      court: 'JL-CC-NG',
      handler: 'judge-f',
      dueDate: '2026-03-19',
    });
    const notMine = await h.call('GET', `/v1/obligations?recordId=${d.recordId}`, { as: { sub: 'judge-b' } });
    expect(notMine.body.items).toEqual([]);
    const otherCourt = await h.call('GET', '/v1/obligations?court=JL-CC-KC', { as: TM });
    expect(otherCourt.status).toBe(403);
    // Paging: a cursor continues where the page ended, without repeats.
    const p1 = await h.call('GET', '/v1/obligations?limit=1', { as: TM });
    const p2 = await h.call('GET', `/v1/obligations?limit=1&cursor=${p1.body.nextCursor}`, { as: TM });
    expect(p1.body.nextCursor).toBeTruthy();
    expect(p2.body.items[0].id).not.toBe(p1.body.items[0].id);
  });

  it('R-AC-2: reading one obligation shows its history; one out of reach is 404, as one that does not exist', async () => {
    const d = await dutiesOf({ sub: 'judge-g', division: 'civil-2' }, '2026-03-16T10:00:00+08:00');
    const own = await h.call('GET', `/v1/obligations/${d.entry.id}`, {
      as: { sub: 'judge-g', division: 'civil-2' },
    });
    expect(own.status).toBe(200);
    expect(own.body.history.map((e: { what: string }) => e.what)).toEqual(['created']);
    const other = await h.call('GET', `/v1/obligations/${d.entry.id}`, { as: { sub: 'judge-a' } });
    const none = await h.call('GET', `/v1/obligations/${crypto.randomUUID()}`, { as: { sub: 'judge-a' } });
    expect(other.status).toBe(404);
    expect(none.status).toBe(404);
    expect(other.body.code).toBe(none.body.code);
  });
});

describe('waiving a duty (R-DL-5)', () => {
  it('R-DL-5: trial management waives with a reason: state waived, audited at the service clock, published, and no breach follows', async () => {
    h.clock.set('2026-03-20T02:00:00Z');
    const d = await dutiesOf({ sub: 'judge-h' }, '2026-03-19T10:00:00+08:00');
    const noReason = await h.call('POST', `/v1/obligations/${d.entry.id}/waive`, {
      as: TM,
      body: { reason: ' ' },
    });
    expect(noReason.status).toBe(422);
    expect(noReason.body.errors[0].path).toBe('reason');
    const byHandler = await h.call('POST', `/v1/obligations/${d.entry.id}/waive`, {
      as: { sub: 'judge-h' },
      body: { reason: 'mine' },
    });
    expect(byHandler.status).toBe(403);

    const waived = await h.call('POST', `/v1/obligations/${d.entry.id}/waive`, {
      as: TM,
      body: { reason: '当事人撤诉，记录已无必要' },
    });
    expect(waived.status).toBe(200);
    expect(waived.body).toMatchObject({
      state: 'waived',
      waived: { by: 'tm-1', at: '2026-03-20T02:00:00.000Z', reason: '当事人撤诉，记录已无必要' },
    });
    expect(waived.body.history.map((e: { what: string }) => e.what)).toEqual(['created', 'waived']);
    const audit = await h.db.selectFrom('audit_log').selectAll().where('target', '=', d.entry.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: 'tm-1', court: 'JL-CC-NG', action: 'obligation.waived' });
    expect(audit[0]!.at.toISOString()).toBe('2026-03-20T02:00:00.000Z');
    const again = await h.call('POST', `/v1/obligations/${d.entry.id}/waive`, {
      as: TM,
      body: { reason: 'x' },
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('obligation-closed');

    await waitFor(
      async () =>
        (await h.db
          .selectFrom('outbox')
          .select('id')
          .where('aggregate_id', '=', d.entry.id)
          .where('subject', '=', obligationWaived.subject)
          .executeTakeFirst()) ?? undefined,
      { timeoutMs: 5_000, what: 'the waiver event' },
    );
    // Past the deadline: the copy duty breaches, the waived entry does not.
    h.clock.set('2026-04-01T00:00:00Z');
    await h.tick();
    const rows = await h.obligationsOf(d.recordId);
    expect(rows.map((r) => [r.kind, r.state])).toEqual([
      ['copy', 'breached'],
      ['entry', 'waived'],
    ]);
    const breaches = await h.db
      .selectFrom('outbox')
      .select('aggregate_id')
      .where('subject', '=', obligationBreached.subject)
      .where('aggregate_id', 'in', [d.entry.id, d.copy.id])
      .execute();
    expect(breaches.map((b) => b.aggregate_id)).toEqual([d.copy.id]);
  });

  it('R-DL-5: a breached duty may be waived too (the breach stays in its history); a met one may not', async () => {
    h.clock.set('2026-03-25T02:00:00Z');
    const d = await dutiesOf({ sub: 'judge-i' }, '2026-03-02T10:00:00+08:00');
    await h.tick();
    expect((await h.obligationsOf(d.recordId)).map((r) => r.state)).toEqual(['breached', 'breached']);
    const w = await h.call('POST', `/v1/obligations/${d.copy.id}/waive`, {
      as: TM,
      body: { reason: '已补送' },
    });
    expect(w.status).toBe(200);
    expect(w.body.history.map((e: { what: string }) => e.what)).toEqual(['created', 'breached', 'waived']);
    await h.intake.entered(
      recordFacts({ recordId: d.recordId, handler: 'judge-i' }),
      '2026-03-25T09:00:00+08:00',
    );
    await h.awaitObligations(d.recordId, 2, (rows) => rows.some((r) => r.state === 'met-late'));
    const closed = await h.call('POST', `/v1/obligations/${d.entry.id}/waive`, {
      as: TM,
      body: { reason: 'x' },
    });
    expect(closed.status).toBe(409);
  });
});
