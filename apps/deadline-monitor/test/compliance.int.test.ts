import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportDelivered } from '@jir/contracts';
import { waitFor } from '@jir/testing';
import { deadlineHarness, recordFacts, type DeadlineHarness } from './harness.js';

let h: DeadlineHarness;
type Court = { court: string; entries: unknown; copies: unknown; reports: unknown; breaches: number };
const tally = (onTime: number, late: number, missing: number, pending = 0) => ({
  onTime,
  late,
  missing,
  pending,
});

/**
 * The second quarter of 2026 in three courts of the hub's region. Every record below is received
 * on Tuesday 7 April: entry due Thursday 9 April, copy due Friday 10 April (Beijing).
 */
async function quarterOfRecords() {
  const rec = async (court: string, o: { entered?: string; copy?: string } = {}) => {
    const f = recordFacts({ receivedAt: '2026-04-07T10:00:00+08:00' });
    await h.intake.drafted(f, court);
    if (o.entered) await h.intake.entered(f, o.entered, court);
    if (o.copy) await h.intake.copyDelivered(f.recordId, o.copy, court);
    return f;
  };
  const r1 = await rec('JL-CC-NG', {
    entered: '2026-04-08T09:00:00+08:00',
    copy: '2026-04-08T10:00:00+08:00',
  });
  const r2 = await rec('JL-CC-NG');
  const r3 = await rec('JL-CC-NG', { copy: '2026-04-09T10:00:00+08:00' });
  const r4 = await rec('JL-CC-KC', { entered: '2026-04-08T09:00:00+08:00' });
  const r5 = await rec('JL-CC', { entered: '2026-04-09T09:00:00+08:00' });
  for (const r of [r1, r2, r3, r4, r5]) await h.awaitObligations(r.recordId, 2);
  await h.awaitObligations(r1.recordId, 2, (rows) => rows.every((x) => x.state === 'met'));
  await h.awaitObligations(r3.recordId, 2, (rows) => rows.some((x) => x.state === 'met'));
  // The scheduler passes on 20 April: the unmet duties breach.
  h.clock.set('2026-04-20T02:00:00Z');
  await h.tick();
  // Late fulfilments arriving after the breach.
  await h.intake.entered(r2, '2026-04-13T09:00:00+08:00', 'JL-CC-NG');
  await h.intake.copyDelivered(r4.recordId, '2026-04-15T09:00:00+08:00', 'JL-CC-KC');
  await h.awaitObligations(r2.recordId, 2, (rows) => rows.some((x) => x.state === 'met-late'));
  await h.awaitObligations(r4.recordId, 2, (rows) => rows.some((x) => x.state === 'met-late'));
  // Nanguan's quarterly report in time, its committee report after the tenth day.
  for (const [recipient, kind, at] of [
    ['JL-CC', 'court', '2026-07-05T10:00:00+08:00'],
    ['PLC:JL-CC-NG', 'committee', '2026-07-15T10:00:00+08:00'],
  ] as const)
    await h.publish(reportDelivered, 'JL-CC-NG', crypto.randomUUID(), {
      reportId: crypto.randomUUID(),
      court: 'JL-CC-NG',
      quarter: '2026-Q2',
      recipient,
      recipientKind: kind,
      deliveredAt: at,
    });
  await waitFor(
    async () => {
      const rows = await h.db
        .selectFrom('obligations')
        .select('state')
        .where('court', '=', 'JL-CC-NG')
        .where('quarter', '=', '2026-Q2')
        .execute();
      return (rows.length === 2 && rows.every((r) => r.state !== 'pending')) || undefined;
    },
    { timeoutMs: 10_000, what: 'Nanguan’s Q2 reports delivered' },
  );
  h.clock.set('2026-07-20T02:00:00Z');
  await h.tick();
}

beforeAll(async () => {
  h = await deadlineHarness({ start: '2026-04-01T02:00:00Z' });
  await h.tick();
  await quarterOfRecords();
});
afterAll(() => h?.close());

const compliance = async (query: string, as: Record<string, unknown>) => {
  const r = await h.call('GET', `/v1/compliance?${query}`, { as });
  return { status: r.status, body: r.body, courts: (r.body?.courts ?? []) as Court[] };
};
const of = (courts: Court[], code: string) => courts.find((c) => c.court === code);
/** Someone of a court's trial-management office with one role. */
const officer = (sub: string, court: string, role: string) => ({ sub, court, division: 'tm', roles: [role] });

describe('compliance of a court and the courts below it (Art 9, R-RP-5)', () => {
  it('R-RP-5: records entered on time, late, missing; copies likewise; breaches; reports on time or late, per court', async () => {
    const r = await compliance('court=JL-CC&quarter=2026-Q2', officer('tm-cc', 'JL-CC', 'trial-management'));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ court: 'JL-CC', quarter: '2026-Q2', asOf: '2026-07-20T02:00:00.000Z' });
    expect(of(r.courts, 'JL-CC-NG')).toMatchObject({
      entries: tally(1, 1, 1),
      copies: tally(2, 0, 1),
      reports: tally(1, 1, 0),
      escalations: tally(0, 0, 0),
      // r2's entry and copy, r3's entry, and the committee report: met late is breached first.
      breaches: 4,
      waived: 0,
    });
    expect(of(r.courts, 'JL-CC-KC')).toMatchObject({
      entries: tally(1, 0, 0),
      copies: tally(0, 1, 0),
      reports: tally(0, 0, 2),
      breaches: 3,
    });
    // The hub itself reports only to its committee.
    expect(of(r.courts, 'JL-CC')).toMatchObject({
      entries: tally(1, 0, 0),
      copies: tally(0, 0, 1),
      reports: tally(0, 0, 1),
      breaches: 2,
    });
    // Every court of the hub's region is listed, those with nothing too.
    expect(r.courts[0]!.court).toBe('JL-CC');
    expect(r.courts.length).toBeGreaterThan(3);
    expect(r.courts.every((c) => c.court === 'JL-CC' || c.court.startsWith('JL-CC-'))).toBe(true);
  });

  it('R-RP-5: a higher court’s supervisor sees the compliance of the lower courts, not of its own court; a court with none below sees nothing', async () => {
    const sup = await compliance('quarter=2026-Q2', officer('sup-1', 'JL-CC', 'supervisor'));
    expect(sup.status).toBe(200);
    expect(of(sup.courts, 'JL-CC')).toBeUndefined();
    expect(of(sup.courts, 'JL-CC-NG')).toMatchObject({ entries: tally(1, 1, 1), breaches: 4 });
    const province = await compliance('court=JL-CC&quarter=2026-Q2', officer('sup-2', 'JL', 'supervisor'));
    expect(province.status).toBe(200);
    expect(of(province.courts, 'JL-CC')).toMatchObject({ breaches: 2 });
    const basic = await compliance('quarter=2026-Q2', {
      sub: 'sup-3',
      court: 'JL-CC-NG',
      roles: ['supervisor'],
    });
    expect(basic.status).toBe(403);
  });

  it('R-RP-5: a court’s own trial management, statistician and auditor see that court only; a handler and another court see nothing', async () => {
    for (const roles of [['trial-management'], ['statistician'], ['auditor']]) {
      const own = await compliance('quarter=2026-Q2', { sub: 'x', division: 'tm', roles });
      expect(own.status, roles[0]).toBe(200);
      expect(
        own.courts.map((c) => c.court),
        roles[0],
      ).toEqual(['JL-CC-NG']);
    }
    expect((await compliance('quarter=2026-Q2', { sub: 'judge-a', roles: ['case-handler'] })).status).toBe(
      403,
    );
    const sibling = await compliance(
      'court=JL-CC-NG&quarter=2026-Q2',
      officer('tm-9', 'JL-CC-KC', 'trial-management'),
    );
    expect(sibling.status).toBe(403);
    expect(JSON.stringify(sibling.body)).not.toMatch(/onTime/);
    const unknown = await compliance('court=XX-NOWHERE', { sub: 'tm-1', roles: ['trial-management'] });
    expect(unknown.status).toBe(404);
    const bad = await compliance('quarter=2026-Q5', { sub: 'tm-1', roles: ['trial-management'] });
    expect(bad.status).toBe(422);
  });

  it('R-RP-5: the quarter defaults to the current one, where nothing is due yet', async () => {
    const r = await compliance('', { sub: 'tm-1', division: 'tm', roles: ['trial-management'] });
    expect(r.body.quarter).toBe('2026-Q3');
    expect(of(r.courts, 'JL-CC-NG')).toMatchObject({ entries: tally(0, 0, 0), reports: tally(0, 0, 0, 2) });
  });
});
