import type { Report, ReportListItem } from '../reports/reports-api.js';

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

/** Lines added up by code, keeping the first label seen; counts of equal codes are summed. */
function sumLines(all: { code: string; label: string; count: number }[][]) {
  const out = new Map<string, { code: string; label: string; count: number }>();
  for (const lines of all)
    for (const l of lines) {
      const o = out.get(l.code) ?? { ...l, count: 0 };
      o.count += l.count;
      out.set(l.code, o);
    }
  return [...out.values()];
}

/** The roll-up of several courts' reports for one quarter: totals and the breakdowns charts show. */
export interface RollUp {
  quarter: string;
  courts: string[];
  records: number;
  provisional: boolean;
  bySpecialItem: { code: string; label: string; count: number }[];
  byInterfererKind: { code: string; label: string; count: number }[];
  byUnitType: { code: string; label: string; count: number }[];
  byForm: { code: string; label: string; count: number }[];
}

/** Adds up the lower courts' reports of one quarter (R-RP-3): what a higher court passes further up. */
export function rollUp(reports: Report[]): RollUp {
  const t = reports.map((r) => r.totals);
  return {
    quarter: reports[0]?.quarter ?? '',
    courts: reports.map((r) => r.court),
    records: t.reduce((n, x) => n + x.records, 0),
    provisional: reports.some((r) => r.provisional),
    bySpecialItem: sumLines(t.map((x) => x.bySpecialItem)),
    byInterfererKind: sumLines(t.map((x) => x.byInterfererKind)),
    byUnitType: sumLines(t.map((x) => x.byUnitType)),
    byForm: sumLines(t.map((x) => x.byForm)),
  };
}
