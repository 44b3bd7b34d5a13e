import type { RecordView } from '../api/types.js';

/** One reader of a record: how often, first and last time, from where (R-AC-3, R-BX-5). */
export interface ViewerSummary {
  viewer: string;
  court: string;
  roles: string[];
  count: number;
  first: string;
  last: string;
  addresses: string[];
}

/**
 * The view log grouped by reader, the most recent reader first: every read stays in the log
 * (and in the count), but a handler asking "who viewed my record" sees each person once.
 */
export function viewersOf(views: RecordView[]): ViewerSummary[] {
  const by = new Map<string, ViewerSummary>();
  for (const v of views) {
    const key = `${v.court}\u0000${v.viewer}`;
    const s = by.get(key);
    if (!s)
      by.set(key, {
        viewer: v.viewer,
        court: v.court,
        roles: v.roles,
        count: 1,
        first: v.at,
        last: v.at,
        addresses: [v.address],
      });
    else {
      s.count += 1;
      if (v.at < s.first) s.first = v.at;
      if (v.at > s.last) s.last = v.at;
      if (!s.addresses.includes(v.address)) s.addresses.push(v.address);
    }
  }
  return [...by.values()].sort((a, b) => b.last.localeCompare(a.last));
}
