import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { obligationBreached, obligationCreated, obligationMetLate, obligationReminded } from '@jir/contracts';
import { waitFor } from '@jir/testing';
import { deadlineHarness, recordFacts, type DeadlineHarness } from './harness.js';

let h: DeadlineHarness;
beforeAll(async () => {
  h = await deadlineHarness();
});
afterAll(async () => {
  await h?.close();
});

const byKind = <T extends { kind: string }>(rows: T[], kind: string) => rows.find((r) => r.kind === kind)!;

/** A record drafted with this receipt, once the monitor holds its two duties (entry and copy). */
async function draftedWithDuties(receivedAt: string) {
  const f = recordFacts({ receivedAt });
  await h.intake.drafted(f);
  const rows = await h.awaitObligations(f.recordId, 2);
  return { f, rows, entry: byKind(rows, 'entry'), copy: byKind(rows, 'copy') };
}

/** The subjects of the events written for these obligations, as the outbox holds them. */
async function subjectsWrittenFor(rows: { id: string }[]) {
  const events = await h.db
    .selectFrom('outbox')
    .select('subject')
    .where(
      'aggregate_id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  return events.map((e) => e.subject);
}

describe('periods through intake events (R-DL-1, R-DL-3)', () => {
  it('R-DL-1: a drafted record opens entry (2 days) and copy (3 days); a Saturday last day moves to Monday (R-DL-3)', async () => {
    // Thursday 5 March 2026: +2 is Saturday, +3 Sunday, both rest days → Monday 9 March.
    const { rows, entry, copy } = await draftedWithDuties('2026-03-05T10:00:00+08:00');
    expect(entry.due_date).toBe('2026-03-09');
    expect(copy.due_date).toBe('2026-03-09');
    expect(entry.due_at!.toISOString()).toBe('2026-03-09T15:59:59.999Z');
    expect(rows.every((r) => r.state === 'pending' && r.handler === 'judge-a')).toBe(true);
  });

  it('R-DL-3: a receipt whose UTC date is the day before its Beijing date counts from the Beijing date', async () => {
    // 20:00 UTC on 3 March is 04:00 on Wednesday 4 March in Beijing: due Friday 6 March, not Thursday 5.
    const { entry } = await draftedWithDuties('2026-03-03T20:00:00Z');
    expect(entry.due_date).toBe('2026-03-06');
  });

  it('R-DL-3: a receipt before the National Day holiday runs to the first working day after it', async () => {
    const { entry, copy } = await draftedWithDuties('2026-09-29T10:00:00+08:00');
    expect(entry.due_date).toBe('2026-10-08');
    expect(copy.due_date).toBe('2026-10-08');
  });

  it('R-DL-3: a make-up working day (Saturday 14 February 2026) is a working day: the period ends on it', async () => {
    const { entry } = await draftedWithDuties('2026-02-12T10:00:00+08:00');
    expect(entry.due_date).toBe('2026-02-14');
  });

  it('R-DL-3: a period reaching an uncovered year stays pending with the reason, and is computed once the year is loaded', async () => {
    const { f, entry } = await draftedWithDuties('2026-12-30T10:00:00+08:00');
    expect(entry.due_at).toBeNull();
    expect(entry.pending_reason).toMatch(/2027/);
    const read = await h.call('GET', `/v1/obligations/${entry.id}`);
    expect(read.status).toBe(200);
    expect(read.body.pendingReason).toMatch(/2027/);
    expect((await h.call('GET', '/v1/calendar/2027')).status).toBe(404);

    // The calendar is the deployment's: its reporting hub's trial management loads it (R-AC-1).
    const tm = { sub: 'tm-0', court: 'JL-CC', roles: ['trial-management'] };
    const refused = await h.call('PUT', '/v1/calendar/2027', { body: { holidays: [], makeUpWorkdays: [] } });
    expect(refused.status).toBe(403);
    const basicCourt = await h.call('PUT', '/v1/calendar/2027', {
      as: { sub: 'tm-1', roles: ['trial-management'] },
      body: { holidays: ['2027-01-01'], makeUpWorkdays: [] },
    });
    expect(basicCourt.status).toBe(403);
    expect(basicCourt.body.message.zh).toMatch(/长春市中级人民法院审判管理部门/);
    expect(basicCourt.body.message.en).toMatch(/JL-CC/);
    expect((await h.call('GET', '/v1/calendar/2027')).status).toBe(404);
    const bad = await h.call('PUT', '/v1/calendar/2027', {
      as: tm,
      body: { holidays: ['2026-01-01'], makeUpWorkdays: [] },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe('holidays.0');
    const loaded = await h.call('PUT', '/v1/calendar/2027', {
      as: tm,
      body: { holidays: ['2027-01-01', '2027-01-02', '2027-01-03'], makeUpWorkdays: [] },
    });
    expect(loaded.status).toBe(200);
    expect(loaded.body.recomputed).toBeGreaterThanOrEqual(2);
    const after = await h.obligationsOf(f.recordId);
    // +2 is Friday 1 January 2027, a holiday through Sunday: Monday 4 January.
    expect(byKind(after, 'entry').due_date).toBe('2027-01-04');
    expect(byKind(after, 'entry').pending_reason).toBeNull();
    expect(byKind(after, 'entry').history.map((e) => e.what)).toEqual(['created', 'rescheduled']);
    expect((await h.call('GET', '/v1/calendar/2027')).body.source).toBe('loaded');
  });
});

describe('met, reminded, breached (R-DL-5)', () => {
  it('R-DL-1: entering the record and delivering the copy meet both duties on time', async () => {
    const f = recordFacts({ receivedAt: '2026-03-05T10:00:00+08:00' });
    await h.intake.drafted(f);
    await h.intake.entered(f, '2026-03-06T09:00:00+08:00');
    await h.intake.copyDelivered(f.recordId, '2026-03-06T10:00:00+08:00');
    const rows = await h.awaitObligations(f.recordId, 2, (r) => r.every((o) => o.state === 'met'));
    expect(rows.map((r) => Number(r.late_by_ms))).toEqual([0, 0]);
  });

  it('R-DL-5: one reminder before the deadline and one breach when it passes, each once on the bus; met late keeps the breach', async () => {
    h.clock.set('2026-03-05T02:00:00Z');
    const { f } = await draftedWithDuties('2026-03-05T10:00:00+08:00');
    const before = {
      reminded: await h.onBus(obligationReminded),
      breached: await h.onBus(obligationBreached),
    };
    // Reminder: 09:00 Beijing on Friday 6 March, one working day before Monday the 9th.
    h.clock.set('2026-03-06T00:59:00Z');
    await h.tick();
    expect((await h.obligationsOf(f.recordId)).every((r) => r.reminded_at === null)).toBe(true);
    h.clock.set('2026-03-06T01:00:00Z');
    await h.tick();
    await h.tick();
    expect((await h.obligationsOf(f.recordId)).every((r) => r.reminded_at !== null)).toBe(true);
    // Past the end of Monday 9 March, Beijing time.
    h.clock.set('2026-03-09T16:00:00Z');
    await h.tick();
    await h.tick();
    await h.restart();
    await h.tick();
    const rows = await h.obligationsOf(f.recordId);
    expect(rows.map((r) => r.state)).toEqual(['breached', 'breached']);
    await h.drained();
    // Other tests' records breach in the same passes: count only this record's events.
    const mine = await subjectsWrittenFor(rows);
    expect(mine.filter((s) => s === obligationReminded.subject)).toHaveLength(2);
    expect(mine.filter((s) => s === obligationBreached.subject)).toHaveLength(2);
    expect((await h.onBus(obligationReminded)) - before.reminded).toBeGreaterThanOrEqual(2);
    expect((await h.onBus(obligationBreached)) - before.breached).toBeGreaterThanOrEqual(2);

    await h.intake.entered(f, '2026-03-10T09:00:00+08:00');
    const late = await h.awaitObligations(f.recordId, 2, (r) => byKind(r, 'entry').state === 'met-late');
    const entry = byKind(late, 'entry');
    expect(Number(entry.late_by_ms)).toBe(
      Date.parse('2026-03-10T01:00:00Z') - Date.parse('2026-03-09T15:59:59.999Z'),
    );
    expect(entry.history.map((e) => e.what)).toEqual(['created', 'reminded', 'breached', 'met-late']);
    await h.drained();
    expect(await h.onBus(obligationMetLate)).toBeGreaterThanOrEqual(1);
  });

  it('R-DL-5: an obligation created already overdue (events arriving late) is breached at the next pass, once', async () => {
    h.clock.set('2026-04-20T02:00:00Z');
    const { f } = await draftedWithDuties('2026-04-01T10:00:00+08:00');
    await h.tick();
    await h.tick();
    const rows = await h.obligationsOf(f.recordId);
    expect(rows.map((r) => r.state)).toEqual(['breached', 'breached']);
    // Never reminded: the deadline had passed before anything was due to be said.
    expect(rows.every((r) => r.reminded_at === null)).toBe(true);
    const events = await subjectsWrittenFor(rows);
    expect(events.filter((s) => s === obligationBreached.subject)).toHaveLength(2);
    expect(events.filter((s) => s === obligationCreated.subject)).toHaveLength(2);
  });
});

describe('order, duplicates, severity (R-PV-3, R-DL-4)', () => {
  it('R-DL-1: the fulfilment before the creation (entered and copy before drafted) ends met, and a duplicate changes nothing', async () => {
    h.clock.set('2026-03-05T02:00:00Z');
    const f = recordFacts({ receivedAt: '2026-03-05T10:00:00+08:00' });
    await h.intake.copyDelivered(f.recordId, '2026-03-06T10:00:00+08:00');
    await h.intake.entered(f, '2026-03-06T09:00:00+08:00');
    await h.intake.drafted(f);
    await h.intake.drafted(f);
    const rows = await h.awaitObligations(f.recordId, 2, (r) => r.every((o) => o.state === 'met'));
    expect(rows).toHaveLength(2);
    expect(byKind(rows, 'copy').met_at!.toISOString()).toBe('2026-03-06T02:00:00.000Z');
  });

  it('R-DL-4: an amendment that makes an entered record severe opens one escalation per level up to the Supreme Court and one to the region’s committee (R-RP-2), from the amendment', async () => {
    const f = recordFacts({ receivedAt: '2026-03-05T10:00:00+08:00' });
    const amended = { ...f, severe: true, revision: 2 };
    // The amendment arrives before the entry it follows.
    await h.intake.amended(amended, '2026-03-07T10:00:00+08:00', ['severe']);
    await h.intake.entered(f, '2026-03-06T09:00:00+08:00');
    const rows = await h.awaitObligations(f.recordId, 6);
    const esc = rows.filter((r) => r.kind === 'severe-escalation');
    expect(esc.map((r) => r.level).sort()).toEqual(['JL', 'JL-CC', 'PLC:JL-CC-NG', 'SPC']);
    // 24 hours from the amendment, never from the receipt or the entry.
    expect(esc.every((r) => r.starts_at.toISOString() === '2026-03-07T02:00:00.000Z')).toBe(true);
    expect(esc.every((r) => r.due_at!.toISOString() === '2026-03-08T02:00:00.000Z')).toBe(true);
    await h.publish((await import('@jir/contracts')).escalationDelivered, 'JL-CC-NG', f.recordId, {
      recordId: f.recordId,
      court: 'JL-CC-NG',
      level: 'JL-CC',
      deliveredAt: '2026-03-07T12:00:00+08:00',
    });
    await h.awaitObligations(f.recordId, 6, (r) => r.some((o) => o.level === 'JL-CC' && o.state === 'met'));
  });

  it('R-RC-4: a receipt corrected after entry moves no duty: the periods stay on firstReceivedAt, whichever event comes first', async () => {
    // Stated as Thursday 5 March (due Monday 9); corrected after entry to Monday 9 March (would be 11/12).
    const first = '2026-03-05T10:00:00+08:00';
    const f = recordFacts({ receivedAt: first, firstReceivedAt: first });
    const corrected = { ...f, receivedAt: '2026-03-09T10:00:00+08:00', revision: 3 };
    // The correction's amendment is the first event heard, before the draft and the entry.
    await h.intake.amended(corrected, '2026-03-10T10:00:00+08:00', ['receivedAt']);
    await h.intake.drafted(f);
    const rows = await h.awaitObligations(f.recordId, 2);
    expect(rows.map((r) => r.starts_at.toISOString())).toEqual([
      '2026-03-05T02:00:00.000Z',
      '2026-03-05T02:00:00.000Z',
    ]);
    expect(byKind(rows, 'entry').due_date).toBe('2026-03-09');
    expect(byKind(rows, 'copy').due_date).toBe('2026-03-09');
    // An event without firstReceivedAt (written before it existed) still anchors on its receivedAt.
    const old = recordFacts({ receivedAt: '2026-03-09T10:00:00+08:00' });
    await h.intake.drafted(old);
    expect(byKind(await h.awaitObligations(old.recordId, 2), 'entry').due_date).toBe('2026-03-11');
  });

  it('R-DL-1: materials handed to the handler run from that hop; the record naming them meets the duty', async () => {
    const materialId = crypto.randomUUID();
    await h.intake.handedToHandler(materialId, 'judge-m', '2026-03-05T10:00:00+08:00');
    const f = recordFacts({ handler: 'judge-m', materialId, receivedAt: '2026-03-01T10:00:00+08:00' });
    await h.intake.entered(f, '2026-03-06T09:00:00+08:00');
    const row = await waitFor(
      async () => {
        const r = await h.db
          .selectFrom('obligations')
          .selectAll()
          .where('material_id', '=', materialId)
          .where('kind', '=', 'entry')
          .executeTakeFirst();
        return r?.state === 'met' ? r : undefined;
      },
      { timeoutMs: 10_000, what: 'the material entry duty met' },
    );
    expect(row.due_date).toBe('2026-03-09');
    // No duty from the record's own receipt: the materials' delivery is the handler's receipt.
    expect(await h.obligationsOf(f.recordId)).toHaveLength(0);
  });
});
