import type { CivilDate } from './legal-calendar.js';

/** Legal dates are lived in Beijing time, which has no daylight saving. */
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 86_400_000;

/** The Asia/Shanghai civil date of an instant. */
export function shanghaiDate(instant: Date): CivilDate {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The date n days after (or before, if negative) a civil date. */
export function addDays(date: CivilDate, n: number): CivilDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** The first instant of a civil date in Asia/Shanghai. */
export function startOfShanghaiDay(date: CivilDate): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - SHANGHAI_OFFSET_MS);
}

/** The last millisecond of a civil date in Asia/Shanghai: when a day-based period ends. */
export function endOfShanghaiDay(date: CivilDate): Date {
  return new Date(startOfShanghaiDay(addDays(date, 1)).getTime() - 1);
}

const CIVIL_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** True for a real calendar date written 'YYYY-MM-DD'. */
export function isCivilDate(value: string): boolean {
  return CIVIL_DATE.test(value) && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;
}
