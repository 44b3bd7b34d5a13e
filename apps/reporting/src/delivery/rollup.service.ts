import type { Kysely } from 'kysely';
import { newId } from '@jir/contracts';
import { can, type CourtHierarchy } from '@jir/rules';
import { problem, type AuthenticatedActor, type Clock } from '@jir/service-kit';
import type { ReportingDB } from '../db/schema.js';
import { buildSnapshot, type ReportSnapshot } from '../reports/report-builder.js';
import { latestReceivedReports } from './deliveries.repository.js';

type Line = { code: string; label: string; count: number };
const BREAKDOWNS = ['bySpecialItem', 'byInterfererKind', 'byUnitType', 'byForm', 'byStage'] as const;

/** Lines of the same code added up, in the order codes first appear (the vocabulary's order). */
function sumLines(lists: Line[][]): Line[] {
  const out = new Map<string, Line>();
  for (const list of lists)
    for (const l of list) {
      const had = out.get(l.code);
      if (had) had.count += l.count;
      else out.set(l.code, { ...l });
    }
  return [...out.values()];
}

/**
 * The level-by-level roll-up (R-RP-3): a court's own records of the quarter,
 * as the read model knows them now, beside the newest report each of its
 * directly lower courts sent it (received here from its own courts or from
 * peers), added up breakdown by breakdown. Lower courts that sent nothing
 * are named.
 */
export class RollupService {
  constructor(
    private readonly deps: {
      db: Kysely<ReportingDB>;
      clock: Clock;
      courts: CourtHierarchy;
      zeroRunQuarters: number;
    },
  ) {}

  async rollup(actor: AuthenticatedActor, court: string, quarter: string) {
    if (!this.deps.courts.has(court) || !can(actor, 'viewing', { kind: 'report', court }, this.deps.courts))
      throw problem('forbidden');
    const own = await buildSnapshot(
      this.deps.db,
      this.deps.courts,
      {
        id: newId(),
        court,
        quarter,
        version: 1,
        provisional: true,
        generatedAt: this.deps.clock.now().toISOString(),
        generatedBy: actor.sub,
      },
      { zeroRunQuarters: this.deps.zeroRunQuarters },
    );
    const received = await latestReceivedReports(this.deps.db, court, quarter);
    const lower = received.map((r) => ({ row: r, snapshot: r.document as ReportSnapshot }));
    const children = this.deps.courts.courts.filter((c) => c.parent === court).map((c) => c.code);
    const sent = new Set(lower.map((l) => l.row.from_court));
    const all = [own, ...lower.map((l) => l.snapshot)];
    return {
      court,
      quarter,
      own: { records: own.totals.records },
      lower: lower.map((l) => ({
        court: l.row.from_court,
        reportId: l.row.document_id,
        version: l.row.version ?? l.snapshot.version,
        digest: l.row.digest,
        records: l.snapshot.totals.records,
      })),
      missing: children.filter((c) => !sent.has(c)),
      combined: {
        records: all.reduce((n, s) => n + s.totals.records, 0),
        ...(Object.fromEntries(BREAKDOWNS.map((b) => [b, sumLines(all.map((s) => s.totals[b]))])) as Record<
          (typeof BREAKDOWNS)[number],
          Line[]
        >),
      },
    };
  }
}
