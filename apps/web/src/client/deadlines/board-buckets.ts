import type { Obligation } from '../api/types.js';

/** The board's four columns (R-DL-5): what needs trial management's eye. */
export type Bucket = 'due-soon' | 'overdue' | 'breached' | 'met-late';

/** Chinese headings of the buckets. */
export const BUCKET_ZH: Record<Bucket, string> = {
  'due-soon': '即将到期',
  overdue: '已过期限待处理',
  breached: '已违反期限',
  'met-late': '逾期完成',
};

/** How far ahead "due soon" looks: two days covers the monitor's one-working-day reminder. */
export const DUE_SOON_MS = 2 * 24 * 3_600_000;

/**
 * Which bucket an obligation belongs in at `now`, or none. A pending duty past its due instant
 * is "overdue" for the moments before the monitor's scheduler marks it breached.
 */
export function bucketOf(o: Obligation, now: number): Bucket | null {
  if (o.state === 'breached') return 'breached';
  if (o.state === 'met-late') return 'met-late';
  if (o.state !== 'pending' || !o.dueAt) return null;
  const due = Date.parse(o.dueAt);
  if (due <= now) return 'overdue';
  return due - now <= DUE_SOON_MS ? 'due-soon' : null;
}

/** One row of the by-division or by-handler summary. */
export interface BoardGroup {
  key: string;
  counts: Record<Bucket, number>;
}

/** Counts per bucket grouped by division or handler; a duty without one is grouped under "—". */
export function groupBoard(items: Obligation[], by: 'division' | 'handler', now: number): BoardGroup[] {
  const groups = new Map<string, BoardGroup>();
  for (const o of items) {
    const b = bucketOf(o, now);
    if (!b) continue;
    const key = o[by] ?? '—';
    const g = groups.get(key) ?? {
      key,
      counts: { 'due-soon': 0, overdue: 0, breached: 0, 'met-late': 0 },
    };
    g.counts[b] += 1;
    groups.set(key, g);
  }
  return [...groups.values()].sort(
    (a, b) => b.counts.breached - a.counts.breached || a.key.localeCompare(b.key),
  );
}
