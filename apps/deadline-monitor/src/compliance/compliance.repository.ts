import { sql, type Kysely } from 'kysely';
import type { DeadlineDB } from '../db/schema.js';

/** Counts per court and kind of a quarter's obligations by timeliness (R-RP-5). */
export interface ComplianceCounts {
  court: string;
  kind: string;
  on_time: number;
  late: number;
  missing: number;
  pending: number;
  breaches: number;
  waived: number;
}

/**
 * Entries, copies and escalations that started in the quarter, and the
 * quarter's report duties, counted as `timelinessCategory` of `@jir/rules`
 * defines them (met by the deadline, met after it, past due and unmet, not yet
 * due) at `asOf`. Waived duties count apart.
 */
export async function complianceCounts(
  db: Kysely<DeadlineDB>,
  courts: string[],
  quarter: string,
  from: Date,
  to: Date,
  asOf: Date,
): Promise<ComplianceCounts[]> {
  if (courts.length === 0) return [];
  const r = await sql<ComplianceCounts>`
    SELECT court, kind,
      count(*) FILTER (WHERE state <> 'waived' AND met_at IS NOT NULL AND due_at IS NOT NULL AND met_at <= due_at)::int AS on_time,
      count(*) FILTER (WHERE state <> 'waived' AND met_at IS NOT NULL AND due_at IS NOT NULL AND met_at > due_at)::int AS late,
      count(*) FILTER (WHERE state <> 'waived' AND met_at IS NULL AND due_at < ${asOf})::int AS missing,
      count(*) FILTER (WHERE state <> 'waived' AND met_at IS NULL AND (due_at IS NULL OR due_at >= ${asOf}))::int AS pending,
      count(*) FILTER (WHERE breached_at IS NOT NULL)::int AS breaches,
      count(*) FILTER (WHERE state = 'waived')::int AS waived
    FROM obligations
    WHERE court = ANY(${courts}::text[])
      AND ((quarter IS NULL AND starts_at >= ${from} AND starts_at < ${to}) OR quarter = ${quarter})
    GROUP BY court, kind`.execute(db);
  return r.rows;
}
