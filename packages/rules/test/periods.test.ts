import { describe, expect, it } from 'vitest';
import {
  CalendarNotCoveredError,
  DEFAULT_CALENDAR,
  deadline,
  reminderAt,
  timeliness,
  quarterOf,
  quarterBounds,
} from '../src/index.js';

const beijing = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().replace('Z', '+08:00');

describe('periods (R-DL-1..5)', () => {
  it('R-DL-1: entry is due 2 days after receipt, the day of receipt not counted, at the end of the day', () => {
    const d = deadline('entry', '2026-03-03T10:00:00+08:00'); // Tuesday
    expect(d.dueDate).toBe('2026-03-05');
    expect(beijing(d.dueAt)).toBe('2026-03-05T23:59:59.999+08:00');
  });

  it('R-DL-1: the copy to trial management is due 3 days after receipt', () => {
    expect(deadline('copy', '2026-03-03T10:00:00+08:00').dueDate).toBe('2026-03-06');
  });

  it('R-DL-3: a receipt just before the National Day week ends on the first working day after it', () => {
    // Received Wed 30 Sep 2026; day 2 is 2 Oct (holiday 1–7 Oct).
    expect(deadline('entry', '2026-09-30T16:00:00+08:00').dueDate).toBe('2026-10-08');
    expect(deadline('copy', '2026-09-30T16:00:00+08:00').dueDate).toBe('2026-10-08');
  });

  it('R-DL-3: a period ending on a make-up working Saturday ends that Saturday', () => {
    // 10 Oct 2026 is a Saturday worked in lieu of the National Day holiday.
    expect(DEFAULT_CALENDAR.isRestDay('2026-10-10')).toBe(false);
    expect(deadline('entry', '2026-10-08T09:00:00+08:00').dueDate).toBe('2026-10-10');
    expect(deadline('quarterly-report', '2026-Q3').dueDate).toBe('2026-10-10');
  });

  it('R-DL-3: an ordinary weekend last day moves to Monday', () => {
    // Received Thu 5 Mar 2026; day 2 is Sat 7 Mar.
    expect(deadline('entry', '2026-03-05T09:00:00+08:00').dueDate).toBe('2026-03-09');
  });

  it('R-DL-2, R-DL-3: a quarter whose tenth day is a weekend reports on the next working day', () => {
    // Q4 2025 ends 31 Dec; 10 Jan 2026 is a Saturday.
    expect(deadline('quarterly-report', '2025-Q4').dueDate).toBe('2026-01-12');
    expect(deadline('quarterly-report', '2026-Q1').dueDate).toBe('2026-04-10');
  });

  it('R-DL-3: the Spring Festival week pushes the period past the whole holiday', () => {
    // Received Fri 13 Feb 2026; 15 Feb is inside the 15–23 Feb holiday.
    expect(deadline('entry', '2026-02-13T11:00:00+08:00').dueDate).toBe('2026-02-24');
    // A make-up working Saturday before the holiday counts as a working day.
    expect(deadline('entry', '2026-02-12T11:00:00+08:00').dueDate).toBe('2026-02-14');
  });

  it('R-DL-3: the Beijing date of receipt counts, not the UTC date', () => {
    // 17:30 UTC on 2 Mar is 01:30 on 3 Mar in Beijing.
    expect(deadline('entry', '2026-03-02T17:30:00Z').dueDate).toBe('2026-03-05');
    expect(deadline('entry', new Date('2026-03-02T15:59:00Z')).dueDate).toBe('2026-03-04');
  });

  it('R-DL-3: a period reaching an uncovered year says so with code calendar-not-covered', () => {
    let caught: unknown;
    try {
      deadline('entry', '2026-12-30T10:00:00+08:00');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(CalendarNotCoveredError);
    expect((caught as CalendarNotCoveredError).code).toBe('calendar-not-covered');
    expect((caught as Error).message).toContain('2027');
    expect(() => deadline('quarterly-report', '2026-Q4')).toThrow(/2027/);
  });

  it('R-DL-3: a court loads the next year and periods into it work', () => {
    const cal = DEFAULT_CALENDAR.withOverrides([
      { year: 2027, holidays: ['2027-01-01', '2027-01-02', '2027-01-03'], makeUpWorkdays: [] },
    ]);
    expect(deadline('entry', '2026-12-30T10:00:00+08:00', { calendar: cal }).dueDate).toBe('2027-01-04');
    expect(cal.coveredYears).toContain(2027);
    expect(DEFAULT_CALENDAR.coveredYears).not.toContain(2027);
  });

  it('R-DL-3: an override replaces a year, it does not add to it', () => {
    const cal = DEFAULT_CALENDAR.withOverrides([{ year: 2026, holidays: [], makeUpWorkdays: [] }]);
    expect(cal.isRestDay('2026-10-02')).toBe(false);
    expect(cal.isRestDay('2026-10-10')).toBe(true);
  });

  it('R-DL-4: a severe record escalates within 24 hours by default, configurable', () => {
    const from = '2026-05-01T10:00:00+08:00';
    expect(deadline('severe-escalation', from).dueAt.toISOString()).toBe('2026-05-02T02:00:00.000Z');
    expect(deadline('severe-escalation', from, { severeEscalationHours: 4 }).dueAt.toISOString()).toBe(
      '2026-05-01T06:00:00.000Z',
    );
    expect(() => deadline('severe-escalation', from, { severeEscalationHours: 0 })).toThrow();
  });

  it('R-DL-3: an instant without an offset is refused rather than guessed', () => {
    expect(() => deadline('entry', '2026-03-03T10:00:00')).toThrow(/offset/);
    expect(() => deadline('entry', 'yesterday')).toThrow();
    expect(() => deadline('quarterly-report', '2026-Q5')).toThrow(/YYYY-Qn/);
  });

  it('R-DL-5: the reminder goes out at 09:00 on the working day before the due day', () => {
    const due = deadline('entry', '2026-10-08T08:00:00+08:00'); // due Sat 10 Oct (make-up day)
    expect(beijing(reminderAt(due))).toBe('2026-10-09T09:00:00.000+08:00');
    const monday = deadline('entry', '2026-03-05T09:00:00+08:00'); // due Mon 9 Mar
    expect(beijing(reminderAt(monday))).toBe('2026-03-06T09:00:00.000+08:00');
  });

  it('R-DL-5: a reminder never falls before the period starts', () => {
    // Received Wed 30 Sep 2026 10:00, due 8 Oct: the working day before is 30 Sep, whose 09:00 precedes the receipt.
    const due = deadline('entry', '2026-09-30T10:00:00+08:00');
    expect(due.dueDate).toBe('2026-10-08');
    expect(beijing(reminderAt(due))).toBe('2026-09-30T10:00:00.000+08:00');
    const severe = deadline('severe-escalation', '2026-03-03T08:30:00+08:00');
    expect(reminderAt(severe).getTime()).toBeGreaterThanOrEqual(
      new Date('2026-03-03T08:30:00+08:00').getTime(),
    );
  });

  it('R-DL-1, R-DL-3: a receipt on Fri 26 Sep 2025 at 10:00 is due on the make-up working Sunday 28 Sep', () => {
    expect(DEFAULT_CALENDAR.isRestDay('2025-09-28')).toBe(false);
    const d = deadline('entry', '2025-09-26T10:00:00+08:00');
    expect(d.dueDate).toBe('2025-09-28');
    expect(beijing(d.dueAt)).toBe('2025-09-28T23:59:59.999+08:00');
  });

  it('R-DL-3: the midnight boundary: 23:59:59.999 is that day, 00:00 is the next', () => {
    expect(deadline('entry', '2026-03-03T23:59:59.999+08:00').dueDate).toBe('2026-03-05');
    expect(deadline('entry', '2026-03-04T00:00:00.000+08:00').dueDate).toBe('2026-03-06');
    const due = deadline('entry', '2026-03-03T10:00:00+08:00');
    expect(timeliness(due, new Date('2026-03-05T23:59:59.999+08:00')).onTime).toBe(true);
    expect(timeliness(due, new Date('2026-03-06T00:00:00.000+08:00'))).toEqual({
      onTime: false,
      lateByMs: 1,
    });
  });

  it('R-DL-3: a receipt on a Saturday counts from that day, and a Monday last day stays Monday', () => {
    // Sat 7 Mar 2026: day 2 is Mon 9 Mar, a working day.
    expect(deadline('entry', '2026-03-07T15:00:00+08:00').dueDate).toBe('2026-03-09');
    // Copy: day 3 is Tue 10 Mar.
    expect(deadline('copy', '2026-03-07T15:00:00+08:00').dueDate).toBe('2026-03-10');
  });

  it('R-DL-5: a deadline met late is late by the delay', () => {
    const due = deadline('entry', '2026-03-03T10:00:00+08:00');
    expect(timeliness(due, new Date('2026-03-05T15:59:59Z'))).toEqual({ onTime: true, lateByMs: 0 });
    expect(timeliness(due, new Date('2026-03-05T17:00:00Z'))).toEqual({ onTime: false, lateByMs: 3_600_001 });
  });

  it('R-DL-2: quarters follow Beijing dates', () => {
    expect(quarterOf(new Date('2026-03-31T16:30:00Z'))).toBe('2026-Q2');
    expect(quarterOf(new Date('2026-03-31T15:30:00Z'))).toBe('2026-Q1');
    const b = quarterBounds('2026-Q4');
    expect(b.lastDay).toBe('2026-12-31');
    expect(b.start.toISOString()).toBe('2026-09-30T16:00:00.000Z');
    expect(b.end.toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });
});
