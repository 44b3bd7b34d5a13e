import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escalationDelivered, reportDelivered } from '@jir/contracts';
import { waitFor } from '@jir/testing';
import { deadlineHarness, recordFacts, type DeadlineHarness } from './harness.js';

let h: DeadlineHarness;
beforeAll(async () => {
  // A fresh deployment in the second quarter of 2026.
  h = await deadlineHarness({ start: '2026-05-10T02:00:00Z' });
});
afterAll(() => h?.close());

const reportDuties = (court: string) =>
  h.db
    .selectFrom('obligations')
    .selectAll()
    .where('court', '=', court)
    .where('kind', 'in', ['quarterly-report', 'committee-report'])
    .orderBy('quarter')
    .orderBy('kind')
    .execute();
const summary = (rows: Awaited<ReturnType<typeof reportDuties>>) =>
  rows.map((r) => [r.quarter, r.kind, r.level, r.due_date, r.state]);

const delivered = (court: string, quarter: string, recipient: string, at: string) =>
  h.publish(reportDelivered, court, crypto.randomUUID(), {
    reportId: crypto.randomUUID(),
    court,
    quarter,
    recipient,
    recipientKind: recipient.startsWith('PLC:') ? 'committee' : 'court',
    deliveredAt: at,
  });
const stateOf = (court: string, quarter: string, kind: string) => async () => {
  const r = (await reportDuties(court)).find((x) => x.quarter === quarter && x.kind === kind);
  return r?.state;
};

describe('quarterly and committee report duties (R-DL-2, Art 8)', () => {
  it('R-DL-2: opened per court per quarter, once; quarters missed while down opened late, once; met by reporting.report.delivered, late after a breach', async () => {
    await h.tick();
    // Q2 2026 ends on 30 June; ten days later is Friday 10 July. The hub (JL-CC) reports to no
    // court here, only to its committee; a basic court reports to the hub and to its committee.
    expect(summary(await reportDuties('JL-CC-NG'))).toEqual([
      ['2026-Q2', 'committee-report', 'PLC:JL-CC-NG', '2026-07-10', 'pending'],
      ['2026-Q2', 'quarterly-report', 'JL-CC', '2026-07-10', 'pending'],
    ]);
    expect(summary(await reportDuties('JL-CC'))).toEqual([
      ['2026-Q2', 'committee-report', 'PLC:JL-CC', '2026-07-10', 'pending'],
    ]);
    // Courts above the hub run their own deployments.
    expect(await reportDuties('JL')).toEqual([]);

    await delivered('JL-CC-NG', '2026-Q2', 'JL-CC', '2026-07-08T10:00:00+08:00');
    await waitFor(
      async () => (await stateOf('JL-CC-NG', '2026-Q2', 'quarterly-report')()) === 'met' || undefined,
      {
        timeoutMs: 10_000,
        what: 'Q2 report met',
      },
    );

    // Down from May to late November: Q3 (due Saturday 10 October, a make-up working day) and
    // Q4 (due in January 2027, a year no calendar covers yet) are opened at the first pass.
    h.clock.set('2026-11-20T02:00:00Z');
    await h.tick();
    await h.tick();
    const ng = await reportDuties('JL-CC-NG');
    expect(summary(ng)).toEqual([
      ['2026-Q2', 'committee-report', 'PLC:JL-CC-NG', '2026-07-10', 'breached'],
      ['2026-Q2', 'quarterly-report', 'JL-CC', '2026-07-10', 'met'],
      ['2026-Q3', 'committee-report', 'PLC:JL-CC-NG', '2026-10-10', 'breached'],
      ['2026-Q3', 'quarterly-report', 'JL-CC', '2026-10-10', 'breached'],
      ['2026-Q4', 'committee-report', 'PLC:JL-CC-NG', null, 'pending'],
      ['2026-Q4', 'quarterly-report', 'JL-CC', null, 'pending'],
    ]);
    expect(ng.filter((r) => r.quarter === '2026-Q4').every((r) => /2027/.test(r.pending_reason ?? ''))).toBe(
      true,
    );

    // The committee report of Q2 arrives after its breach: met late, the breach kept.
    await delivered('JL-CC-NG', '2026-Q2', 'PLC:JL-CC-NG', '2026-11-20T10:00:00+08:00');
    await waitFor(
      async () => (await stateOf('JL-CC-NG', '2026-Q2', 'committee-report')()) === 'met-late' || undefined,
      { timeoutMs: 10_000, what: 'Q2 committee report met late' },
    );
    const late = (await reportDuties('JL-CC-NG')).find(
      (r) => r.quarter === '2026-Q2' && r.kind === 'committee-report',
    )!;
    expect(late.history.map((e) => e.what)).toEqual(['created', 'breached', 'met-late']);
    expect(late.breached_at).not.toBeNull();

    // A restart and more passes open nothing twice.
    await h.restart();
    await h.tick();
    const quarters = await h.db.selectFrom('seeded_quarters').select('quarter').orderBy('quarter').execute();
    expect(quarters.map((q) => q.quarter)).toEqual(['2026-Q2', '2026-Q3', '2026-Q4']);
    const counts = await h.db
      .selectFrom('obligations')
      .select(['quarter', 'kind', (eb) => eb.fn.countAll<string>().as('n')])
      .where('quarter', 'is not', null)
      .groupBy(['quarter', 'kind'])
      .execute();
    const byQuarter = new Map<string, number[]>();
    for (const c of counts) byQuarter.set(`${c.quarter} ${c.kind}`, [Number(c.n)]);
    // Every quarter has the same duties: one committee report per reporting court, one court
    // report per court below the hub.
    const committee = byQuarter.get('2026-Q2 committee-report')![0]!;
    const court = byQuarter.get('2026-Q2 quarterly-report')![0]!;
    expect(court).toBe(committee - 1);
    for (const q of ['2026-Q3', '2026-Q4']) {
      expect(byQuarter.get(`${q} committee-report`)).toEqual([committee]);
      expect(byQuarter.get(`${q} quarterly-report`)).toEqual([court]);
    }
    expect(byQuarter.has('2026-Q1 committee-report')).toBe(false);
  });

  it('R-DL-4: each level’s severe escalation is met by reporting.escalation.delivered for that level, even when the delivery is heard first', async () => {
    const base = h.clock.now().getTime();
    const at = (minutes: number) => new Date(base + minutes * 60_000).toISOString();
    const f = recordFacts({ receivedAt: at(-120), severe: true });
    // The delivery to the Supreme Court arrives before the record's entry.
    await h.publish(escalationDelivered, 'JL-CC-NG', f.recordId, {
      recordId: f.recordId,
      court: 'JL-CC-NG',
      level: 'SPC',
      deliveredAt: at(30),
    });
    await h.intake.entered(f, at(-60));
    const rows = await h.awaitObligations(f.recordId, 6, (r) =>
      r.some((o) => o.kind === 'severe-escalation' && o.level === 'SPC' && o.state === 'met'),
    );
    const esc = rows.filter((r) => r.kind === 'severe-escalation');
    expect(esc.map((r) => [r.level, r.state]).sort()).toEqual([
      ['JL', 'pending'],
      ['JL-CC', 'pending'],
      ['PLC:JL-CC-NG', 'pending'],
      ['SPC', 'met'],
    ]);
    // The region's committee is handed the record too, and reporting records that hand-over (R-RP-2).
    for (const level of ['JL-CC', 'JL', 'PLC:JL-CC-NG'])
      await h.publish(escalationDelivered, 'JL-CC-NG', f.recordId, {
        recordId: f.recordId,
        court: 'JL-CC-NG',
        level,
        deliveredAt: at(60),
      });
    const done = await h.awaitObligations(f.recordId, 6, (r) =>
      r.filter((o) => o.kind === 'severe-escalation').every((o) => o.state === 'met'),
    );
    expect(done.filter((r) => r.kind === 'severe-escalation').map((r) => Number(r.late_by_ms))).toEqual([
      0, 0, 0, 0,
    ]);
  });

  it('R-RP-2: a severe record involving a principal leader owes the committee one level up as well, each committee met by its own hand-over', async () => {
    const base = h.clock.now().getTime();
    const at = (minutes: number) => new Date(base + minutes * 60_000).toISOString();
    const f = recordFacts({ receivedAt: at(-120), severe: true, involvesPrincipalLeader: true });
    await h.intake.entered(f, at(-60));
    const rows = await h.awaitObligations(f.recordId, 7);
    const committees = rows.filter((r) => r.kind === 'severe-escalation' && r.level!.startsWith('PLC:'));
    expect(committees.map((r) => r.level).sort()).toEqual(['PLC:JL-CC', 'PLC:JL-CC-NG']);
    await h.publish(escalationDelivered, 'JL-CC-NG', f.recordId, {
      recordId: f.recordId,
      court: 'JL-CC-NG',
      level: 'PLC:JL-CC',
      deliveredAt: at(30),
    });
    const after = await h.awaitObligations(f.recordId, 7, (r) =>
      r.some((o) => o.level === 'PLC:JL-CC' && o.state === 'met'),
    );
    // Only the committee handed the record is met.
    expect(after.find((o) => o.level === 'PLC:JL-CC-NG')!.state).toBe('pending');
  });
});
