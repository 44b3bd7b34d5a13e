import type { Report } from '../api/types.js';

/** The timeliness counts as chart lines: entries and copies, on time, late, missing, pending. */
export function timelinessLines(r: Report): { label: string; count: number }[] {
  const t = r.totals.timeliness;
  return [
    { label: '录入·按期', count: t.entry.onTime },
    { label: '录入·逾期', count: t.entry.late },
    { label: '录入·未履行', count: t.entry.missing },
    { label: '录入·未到期', count: t.entry.pending },
    { label: '复印件·按期', count: t.copy.onTime },
    { label: '复印件·逾期', count: t.copy.late },
    { label: '复印件·未履行', count: t.copy.missing },
    { label: '复印件·未到期', count: t.copy.pending },
  ];
}

/** Month `2026-10` as 2026年10月. */
export function monthZh(month: string): string {
  const [y, m] = month.split('-');
  return `${y}年${Number(m)}月`;
}

/** The month-by-month counts as chart lines, labelled 2026年10月. */
export function monthLines(r: Report): { label: string; count: number }[] {
  return r.totals.byMonth.map((m) => ({ label: monthZh(m.month), count: m.count }));
}
