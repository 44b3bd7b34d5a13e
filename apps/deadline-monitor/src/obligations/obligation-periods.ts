import type { ObligationKind } from '@jir/contracts';
import {
  CalendarNotCoveredError,
  dayPeriod,
  deadline,
  quarterBounds,
  reminderAt,
  type Deadline,
  type LegalCalendar,
} from '@jir/rules';

/** What the service's configuration says about periods (R-DL-4, R-DL-5, Art 8). */
export interface PeriodSettings {
  severeEscalationHours: number;
  committeeReportDays: number;
  /** Working days before the deadline that the reminder goes out, per kind. */
  reminderWorkingDays: Record<ObligationKind, number>;
}

/** When an obligation falls due and is reminded, or why that cannot be said yet. */
export type Schedule =
  | { dueDate: string; dueAt: Date; remindAt: Date; pendingReason?: undefined }
  | { dueDate?: undefined; dueAt?: undefined; remindAt?: undefined; pendingReason: string };

/** What a period is computed from: the start instant, or for reports the quarter. */
export interface PeriodStart {
  kind: ObligationKind;
  startsAt: Date;
  quarter?: string | null | undefined;
}

function due(p: PeriodStart, s: PeriodSettings, calendar: LegalCalendar): Deadline {
  switch (p.kind) {
    case 'entry':
    case 'copy':
      return deadline(p.kind, p.startsAt, { calendar });
    case 'severe-escalation':
      return deadline('severe-escalation', p.startsAt, { severeEscalationHours: s.severeEscalationHours });
    case 'quarterly-report':
      return deadline('quarterly-report', p.quarter!, { calendar });
    case 'committee-report':
      // Art 8 sets no day: the configured number of days after the quarter, counted as procedure law counts.
      return dayPeriod(quarterBounds(p.quarter!).lastDay, s.committeeReportDays, calendar);
  }
}

/**
 * Every deadline comes from `@jir/rules` (none is computed here); a period
 * that reaches a year the calendar does not cover is not guessed: it stays
 * without a deadline, with the reason, until the year is loaded (R-DL-3).
 * A reminder never falls before the period starts (R-DL-5).
 */
export function scheduleOf(p: PeriodStart, s: PeriodSettings, calendar: LegalCalendar): Schedule {
  try {
    const d = due(p, s, calendar);
    const r = reminderAt(d, s.reminderWorkingDays[p.kind], calendar);
    return { dueDate: d.dueDate, dueAt: d.dueAt, remindAt: r < p.startsAt ? p.startsAt : r };
  } catch (e) {
    if (e instanceof CalendarNotCoveredError) return { pendingReason: e.message };
    throw e;
  }
}
