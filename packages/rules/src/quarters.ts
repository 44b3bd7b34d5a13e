import { shanghaiDate, startOfShanghaiDay, addDays } from './civil-time.js';
import type { CivilDate } from './legal-calendar.js';

/** A calendar quarter written 'YYYY-Qn'. */
export type Quarter = `${number}-Q${1 | 2 | 3 | 4}`;

const QUARTER = /^(\d{4})-Q([1-4])$/;

/** Year and quarter number of 'YYYY-Qn'; throws on anything else. */
export function parseQuarter(quarter: string): { year: number; q: 1 | 2 | 3 | 4 } {
  const m = QUARTER.exec(quarter);
  if (!m)
    throw new RangeError(
      `季度格式应为 YYYY-Qn / a quarter is written YYYY-Qn, got ${JSON.stringify(quarter)}`,
    );
  return { year: Number(m[1]), q: Number(m[2]) as 1 | 2 | 3 | 4 };
}

/** The quarter (Asia/Shanghai) an instant falls in. */
export function quarterOf(instant: Date): Quarter {
  const d = shanghaiDate(instant);
  const q = Math.floor((Number(d.slice(5, 7)) - 1) / 3) + 1;
  return `${Number(d.slice(0, 4))}-Q${q}` as Quarter;
}

/** First and last civil dates of a quarter, and its half-open UTC instant range. */
export function quarterBounds(quarter: string): {
  firstDay: CivilDate;
  lastDay: CivilDate;
  start: Date;
  end: Date;
} {
  const { year, q } = parseQuarter(quarter);
  const firstDay = `${year}-${String((q - 1) * 3 + 1).padStart(2, '0')}-01`;
  const nextFirst = q === 4 ? `${year + 1}-01-01` : `${year}-${String(q * 3 + 1).padStart(2, '0')}-01`;
  return {
    firstDay,
    lastDay: addDays(nextFirst, -1),
    start: startOfShanghaiDay(firstDay),
    end: startOfShanghaiDay(nextFirst),
  };
}
