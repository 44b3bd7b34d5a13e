import { addDays, endOfShanghaiDay, isCivilDate, shanghaiDate, startOfShanghaiDay } from './civil-time.js';
import { DEFAULT_CALENDAR, type CivilDate, type LegalCalendar } from './legal-calendar.js';
import { quarterBounds } from './quarters.js';

/** The obligations with a legal period (R-DL-1, R-DL-2, R-DL-4). */
export const DEADLINE_KINDS = ['entry', 'copy', 'severe-escalation', 'quarterly-report'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/** Length in days of the day-based periods (Art 7, Art 8). */
export const PERIOD_DAYS = { entry: 2, copy: 3, 'quarterly-report': 10 } as const;

/** "Immediately" for a severe record (R-DL-4), unless a court configures otherwise. */
export const DEFAULT_SEVERE_ESCALATION_HOURS = 24;

export interface DeadlineOptions {
  calendar?: LegalCalendar;
  /** Hours allowed for a severe record's escalation (R-DL-4). */
  severeEscalationHours?: number;
}

export interface Deadline {
  /** The last day of the period (Asia/Shanghai). */
  dueDate: CivilDate;
  /** The instant the period ends: the end of dueDate in Asia/Shanghai. */
  dueAt: Date;
  /**
   * The instant the period starts, when it starts at an instant (a receipt, or
   * severity established); reminderAt never falls before it (R-DL-5).
   */
  startsAt?: Date;
}

function toInstant(from: string | Date): Date {
  const d = from instanceof Date ? from : new Date(from);
  if (typeof from === 'string' && !/[zZ]|[+-]\d{2}:?\d{2}$/.test(from)) {
    throw new RangeError(`时间须带时区 / an instant needs its offset: ${JSON.stringify(from)}`);
  }
  if (Number.isNaN(d.getTime())) throw new RangeError(`无效时间 / not a valid instant: ${String(from)}`);
  return d;
}

/**
 * A day-based period after procedure law (R-DL-3): the starting day is not
 * counted, the period ends at the end of its last day, and a last day that is
 * a rest day moves to the next working day.
 */
export function dayPeriod(
  startDay: CivilDate,
  days: number,
  calendar: LegalCalendar = DEFAULT_CALENDAR,
): Deadline {
  if (!isCivilDate(startDay)) throw new RangeError(`无效日期 / not a date: ${startDay}`);
  let due = addDays(startDay, days);
  while (calendar.isRestDay(due)) due = addDays(due, 1);
  return { dueDate: due, dueAt: endOfShanghaiDay(due) };
}

/**
 * When an obligation falls due. `from` is the receipt instant (ISO string with
 * offset, or Date), or for 'quarterly-report' the quarter 'YYYY-Qn'.
 * Throws an error with code 'calendar-not-covered' when the period reaches a
 * year the calendar does not hold.
 */
export function deadline(kind: DeadlineKind, from: string | Date, options: DeadlineOptions = {}): Deadline {
  const calendar = options.calendar ?? DEFAULT_CALENDAR;
  switch (kind) {
    case 'entry':
    case 'copy': {
      const startsAt = toInstant(from);
      return { ...dayPeriod(shanghaiDate(startsAt), PERIOD_DAYS[kind], calendar), startsAt };
    }
    case 'quarterly-report': {
      if (typeof from !== 'string') throw new RangeError('quarterly-report needs a quarter YYYY-Qn');
      return dayPeriod(quarterBounds(from).lastDay, PERIOD_DAYS['quarterly-report'], calendar);
    }
    case 'severe-escalation': {
      const hours = options.severeEscalationHours ?? DEFAULT_SEVERE_ESCALATION_HOURS;
      if (!(hours > 0)) throw new RangeError('severeEscalationHours must be positive');
      const startsAt = toInstant(from);
      const dueAt = new Date(startsAt.getTime() + hours * 3_600_000);
      return { dueDate: shanghaiDate(dueAt), dueAt, startsAt };
    }
    default: {
      const never: never = kind;
      throw new RangeError(`unknown deadline kind ${String(never)}`);
    }
  }
}

/** Reminders go out at 09:00 Beijing time, inside office hours. */
const REMINDER_HOUR_MS = 9 * 3_600_000;

/**
 * Reminder instant (R-DL-5): 09:00 Asia/Shanghai on the working day that lies
 * `workingDaysBefore` working days before the due day; never after `dueAt` and
 * never before the period starts (a receipt at 10:00 on the reminder's day is
 * reminded at 10:00, not at 09:00 before anything was received).
 */
export function reminderAt(
  due: Deadline,
  workingDaysBefore = 1,
  calendar: LegalCalendar = DEFAULT_CALENDAR,
): Date {
  let day = due.dueDate;
  for (let left = workingDaysBefore; left > 0;) {
    day = addDays(day, -1);
    if (!calendar.isRestDay(day)) left--;
  }
  let at = new Date(startOfShanghaiDay(day).getTime() + REMINDER_HOUR_MS);
  if (due.startsAt && at < due.startsAt) at = due.startsAt;
  return at < due.dueAt ? at : due.dueAt;
}

/** Whether an obligation met at `metAt` was on time, and by how much it was late (R-DL-5). */
export function timeliness(due: Pick<Deadline, 'dueAt'>, metAt: Date): { onTime: boolean; lateByMs: number } {
  const late = metAt.getTime() - due.dueAt.getTime();
  return { onTime: late <= 0, lateByMs: Math.max(0, late) };
}

/** How an obligation stands when a report is built (R-RP-1, R-RP-5). */
export type TimelinessCategory = 'on-time' | 'late' | 'missing' | 'pending';

/**
 * The category an obligation falls in at `asOf`: met by its deadline, met
 * after it, not met and past due (missing), or not met and not yet due.
 */
export function timelinessCategory(dueAt: Date, metAt: Date | null, asOf: Date): TimelinessCategory {
  if (metAt) return metAt.getTime() <= dueAt.getTime() ? 'on-time' : 'late';
  return asOf.getTime() > dueAt.getTime() ? 'missing' : 'pending';
}
