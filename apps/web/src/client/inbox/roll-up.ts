import type { ReportListItem } from '../api/types.js';

/** The newest version of each court's report for each quarter (a regenerated report replaces its earlier versions). */
export function latestVersions(items: ReportListItem[]): ReportListItem[] {
  const best = new Map<string, ReportListItem>();
  for (const i of items) {
    const k = `${i.court}|${i.quarter}`;
    const b = best.get(k);
    if (!b || i.version > b.version) best.set(k, i);
  }
  return [...best.values()].sort(
    (a, b) => b.quarter.localeCompare(a.quarter) || a.court.localeCompare(b.court),
  );
}
