import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { reportSnapshotSchema } from '@jir/contracts';
import {
  FORMS,
  FORM_NAMES_ZH,
  INTERFERER_KINDS,
  INTERFERER_KIND_NAMES_ZH,
  SPECIAL_ITEMS,
  STAGES,
  STAGE_NAMES_ZH,
  UNIT_TYPES,
  UNIT_TYPE_NAMES_ZH,
  parseQuarter,
  recipients,
  type CourtHierarchy,
  type Recipient,
} from '@jir/rules';
import type { ReportingDB } from '../db/schema.js';
import { countsOf } from '../read-model/record-counts.repository.js';
import {
  declarationsUpTo,
  knownHandlers,
  principalLeaderRecords,
  recurringIdentities,
  sampleOutcomes,
  specialItemRecords,
  type ReportScope,
} from './reports.repository.js';

export type ReportSnapshot = z.output<typeof reportSnapshotSchema>;

/** What identifies a snapshot besides its content: fixed at generation, reused when verifying. */
export interface SnapshotHeader {
  id: string;
  court: string;
  quarter: string;
  version: number;
  provisional: boolean;
  generatedAt: string;
  generatedBy: string;
}

/** The quarter before 'YYYY-Qn'. */
export function previousQuarter(quarter: string): string {
  const { year, q } = parseQuarter(quarter);
  return q === 1 ? `${year - 1}-Q4` : `${year}-Q${q - 1}`;
}

/** The three months of a quarter, 'YYYY-MM'. */
function monthsOf(quarter: string): string[] {
  const { year, q } = parseQuarter(quarter);
  return [1, 2, 3].map((i) => `${year}-${String((q - 1) * 3 + i).padStart(2, '0')}`);
}

/** Every code of a vocabulary in its stable order, with its label and count (0 when absent). */
function lines(codes: readonly string[], labels: Record<string, string>, counts: Map<string | null, number>) {
  return codes.map((code) => ({ code, label: labels[code] ?? code, count: counts.get(code) ?? 0 }));
}

/**
 * Computes a report's content from the read model as known at `asOf` (the
 * generation instant): the same read model and instant always give the same
 * snapshot, which is what verification and replay rely on.
 */
export async function buildSnapshot(
  db: Kysely<ReportingDB>,
  courts: CourtHierarchy,
  h: SnapshotHeader,
  opts: { zeroRunQuarters: number; principalLeaderContentToOwnCommittee?: boolean },
): Promise<ReportSnapshot> {
  const scope: ReportScope = { court: h.court, quarter: h.quarter, asOf: new Date(h.generatedAt) };
  // Counts come from the sums the consumers keep (R-NF-5); only the special-items list and the
  // recurring identities read records.
  const [counts, listed, identities, handlers, declarations, samples] = await Promise.all([
    countsOf(db, h.court, h.quarter),
    specialItemRecords(db, scope),
    recurringIdentities(db, scope),
    knownHandlers(db, scope),
    declarationsUpTo(db, scope),
    sampleOutcomes(db, scope),
  ]);
  const by = (d: string) => {
    const out = new Map<string | null, number>();
    for (const [key, n] of counts)
      if (key.startsWith(`${d}:`)) {
        const value = key.slice(d.length + 1);
        // A record without a division counts under '' in the sums, null in the report.
        out.set(d === 'division' && value === '' ? null : value, n);
      }
    return out;
  };
  const items = by('specialItem');
  const principal = (counts.get('principal') ?? 0) > 0;
  // Only read when the sums say there is one: the common quarter pays nothing for it.
  const principalOnes = principal ? await principalLeaderRecords(db, scope) : null;
  const divisions = by('division');
  const months = by('month');
  const t = (kind: string) => ({
    onTime: counts.get(`${kind}:onTime`) ?? 0,
    late: counts.get(`${kind}:late`) ?? 0,
    missing: counts.get(`${kind}:missing`) ?? 0,
    pending: counts.get(`${kind}:pending`) ?? 0,
  });

  const thisQuarter = declarations.filter((d) => d.quarter === h.quarter);
  const declared = new Set(thisQuarter.map((d) => d.handler));
  // A run of "nothing" counts back from this quarter through consecutive quarters.
  const longZeroRuns = thisQuarter
    .filter((d) => d.kind === 'nothing')
    .map((d) => {
      const mine = new Map(
        declarations.filter((x) => x.handler === d.handler).map((x) => [x.quarter, x.kind]),
      );
      let n = 0;
      for (let q = h.quarter; mine.get(q) === 'nothing'; q = previousQuarter(q)) n++;
      return { handler: d.handler, quarters: n };
    })
    .filter((r) => r.quarters >= opts.zeroRunQuarters);

  const routed = mergeRecipients([
    ...recipients({ court: h.court }, courts),
    ...(principal
      ? recipients(
          {
            court: h.court,
            involvesPrincipalLeader: true,
            principalLeaderContentToOwnCommittee: opts.principalLeaderContentToOwnCommittee ?? false,
          },
          courts,
        )
      : []),
  ]);
  const ownCommittee = courts.get(h.court).committee.code;
  const listedByItem = groupByItem(listed);

  return {
    ...h,
    totals: {
      records: counts.get('total') ?? 0,
      bySpecialItem: SPECIAL_ITEMS.map((s) => ({ code: s.code, label: s.zh, count: items.get(s.code) ?? 0 })),
      byInterfererKind: lines(INTERFERER_KINDS, INTERFERER_KIND_NAMES_ZH, by('interfererKind')),
      byUnitType: lines(UNIT_TYPES, UNIT_TYPE_NAMES_ZH, by('unitType')),
      byForm: lines(FORMS, FORM_NAMES_ZH, by('form')),
      byStage: lines(STAGES, STAGE_NAMES_ZH, by('stage')),
      byDivision: [...divisions.entries()]
        .map(([code, count]) => ({ code: code ?? '', label: code ?? '未分庭 / no division', count }))
        .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)),
      byMonth: monthsOf(h.quarter).map((month) => ({ month, count: months.get(month) ?? 0 })),
      timeliness: { entry: t('entry'), copy: t('copy') },
    },
    specialItems: SPECIAL_ITEMS.map((s) => ({
      code: s.code,
      label: s.zh,
      records: listedByItem.get(s.code) ?? [],
    })).filter((s) => s.records.length > 0),
    identities,
    declarations: {
      declared: thisQuarter.map((d) => ({
        handler: d.handler,
        kind: d.kind,
        at: new Date(d.declared_at).toISOString(),
      })),
      missing: handlers.filter((x) => !declared.has(x)),
      longZeroRuns,
    },
    sampleVerification: samples,
    recipients: routed.map((r) => ({
      kind: r.kind,
      code: r.code,
      immediate: r.immediate,
      reasons: [...r.reasons],
      ...(r.withholdContent ? { withholdContent: true as const } : {}),
    })),
    // Said in the report itself (R-RP-2): which records the court's own committee does not see.
    ...(principalOnes && principalOnes.recordIds.length > 0
      ? {
          principalLeaderContent: {
            committee: ownCommittee,
            withheld: !opts.principalLeaderContentToOwnCommittee,
            recordIds: principalOnes.recordIds,
            ...(principalOnes.identityIds.length > 0 ? { identityIds: principalOnes.identityIds } : {}),
          },
        }
      : {}),
  };
}

type ListedRecord = Awaited<ReturnType<typeof specialItemRecords>>[number];

/**
 * Each special item's records, in the list's order, in one pass over the list
 * (a record naming two items stands under both): at a million records the list
 * holds tens of thousands, and filtering it once per item cost a quarter of a
 * second (R-NF-5).
 */
function groupByItem(listed: ListedRecord[]) {
  const out = new Map<string, ReportSnapshot['specialItems'][number]['records']>();
  for (const r of listed) {
    const entry = {
      recordId: r.record_id,
      court: r.court,
      caseNumber: r.case_number,
      interferer:
        r.interferer_name !== null
          ? { name: r.interferer_name, unit: r.interferer_unit ?? '', position: r.interferer_position ?? '' }
          : null,
      items: r.special_items,
      receivedAt: new Date(r.received_at).toISOString(),
    };
    for (const code of new Set(r.special_items)) {
      const list = out.get(code);
      if (list) list.push(entry);
      else out.set(code, [entry]);
    }
  }
  return out;
}

/** One entry per recipient, reasons joined (the quarterly route and the principal-leader route overlap). */
function mergeRecipients(all: Recipient[]): Recipient[] {
  const out = new Map<string, Recipient>();
  for (const r of all) {
    const key = `${r.kind}:${r.code}`;
    const had = out.get(key);
    if (!had) out.set(key, { ...r, reasons: [...r.reasons] });
    else {
      for (const reason of r.reasons) if (!had.reasons.includes(reason)) had.reasons.push(reason);
      had.immediate ||= r.immediate;
      if (r.withholdContent) had.withholdContent = true;
    }
  }
  return [...out.values()];
}
