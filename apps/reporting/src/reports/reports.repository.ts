import { sql, type Kysely } from 'kysely';
import type { ReportingDB } from '../db/schema.js';

/** What a report counts: one court's entered records of one quarter, as known at `asOf`. */
export interface ReportScope {
  court: string;
  quarter: string;
  asOf: Date;
}

/** One row of the grouping-sets aggregate: the dimension that is set, its value, the count. */
export interface DimensionCount {
  dimension: 'total' | 'interfererKind' | 'unitType' | 'form' | 'stage' | 'division' | 'month';
  value: string | null;
  count: number;
}

/**
 * Every breakdown of R-RP-1 in one pass over the quarter's rows: PostgreSQL
 * hashes all grouping sets during a single scan, so the report costs about
 * one aggregate over the rows (R-NF-5).
 */
export async function countByDimension(db: Kysely<ReportingDB>, s: ReportScope): Promise<DimensionCount[]> {
  const { rows } = await sql<{
    g: number;
    k: string;
    u: string;
    f: string;
    s: string;
    d: string | null;
    m: string;
    n: string;
  }>`
    SELECT GROUPING(interferer_kind, unit_type, form, stage, division, month) AS g,
           interferer_kind AS k, unit_type AS u, form AS f, stage AS s, division AS d, month AS m, count(*) AS n
      FROM rm_records
     WHERE court = ${s.court} AND quarter = ${s.quarter} AND entered_at <= ${s.asOf}
     GROUP BY GROUPING SETS ((interferer_kind), (unit_type), (form), (stage), (division), (month), ())`.execute(
    db,
  );
  // GROUPING() sets one bit per column left out, the first column the highest.
  const dims: [number, DimensionCount['dimension'], (r: (typeof rows)[number]) => string | null][] = [
    [0b011111, 'interfererKind', (r) => r.k],
    [0b101111, 'unitType', (r) => r.u],
    [0b110111, 'form', (r) => r.f],
    [0b111011, 'stage', (r) => r.s],
    [0b111101, 'division', (r) => r.d],
    [0b111110, 'month', (r) => r.m],
    [0b111111, 'total', () => null],
  ];
  return rows.map((r) => {
    const [, dimension, value] = dims.find(([bits]) => bits === Number(r.g))!;
    return { dimension, value: value(r), count: Number(r.n) };
  });
}

/** Records per special item (a record may name several). */
export async function countBySpecialItem(
  db: Kysely<ReportingDB>,
  s: ReportScope,
): Promise<Map<string, number>> {
  const { rows } = await sql<{ item: string; n: string }>`
    SELECT item, count(*) AS n
      FROM rm_records, unnest(special_items) AS item
     WHERE court = ${s.court} AND quarter = ${s.quarter} AND entered_at <= ${s.asOf} AND special_items <> '{}'
     GROUP BY item`.execute(db);
  return new Map(rows.map((r) => [r.item, Number(r.n)]));
}

/** The records that name special items, oldest first (Art 10's list). */
export async function specialItemRecords(db: Kysely<ReportingDB>, s: ReportScope) {
  return db
    .selectFrom('rm_records')
    .select([
      'record_id',
      'court',
      'case_number',
      'interferer_name',
      'interferer_unit',
      'interferer_position',
      'special_items',
      'received_at',
    ])
    .where('court', '=', s.court)
    .where('quarter', '=', s.quarter)
    .where('entered_at', '<=', s.asOf)
    .where(sql<boolean>`special_items <> '{}'`)
    .orderBy('received_at')
    .orderBy('record_id')
    .execute();
}

/**
 * Timeliness of entry and copy (R-DL-1) as the deadline monitor reported it:
 * met on time, met late, breached and unmet (missing), otherwise pending.
 */
export async function timelinessCounts(db: Kysely<ReportingDB>, s: ReportScope) {
  const { rows } = await sql<{
    kind: string;
    on_time: string;
    late: string;
    missing: string;
    pending: string;
  }>`
    SELECT o.kind,
           count(*) FILTER (WHERE o.met_at <= ${s.asOf} AND o.late_by_ms = 0) AS on_time,
           count(*) FILTER (WHERE o.met_at <= ${s.asOf} AND o.late_by_ms > 0) AS late,
           count(*) FILTER (WHERE (o.met_at IS NULL OR o.met_at > ${s.asOf}) AND o.breached_at <= ${s.asOf}) AS missing,
           count(*) FILTER (WHERE (o.met_at IS NULL OR o.met_at > ${s.asOf})
                              AND (o.breached_at IS NULL OR o.breached_at > ${s.asOf})) AS pending
      FROM rm_records r
      JOIN rm_obligations o ON o.subject_id = r.record_id AND o.kind IN ('entry', 'copy')
     WHERE r.court = ${s.court} AND r.quarter = ${s.quarter} AND r.entered_at <= ${s.asOf}
     GROUP BY o.kind`.execute(db);
  return rows.map((r) => ({
    kind: r.kind,
    onTime: Number(r.on_time),
    late: Number(r.late),
    missing: Number(r.missing),
    pending: Number(r.pending),
  }));
}

/** Interferers of this court's quarter who appear in more than one record, in any court (R-BX-2). */
export async function recurringIdentities(db: Kysely<ReportingDB>, s: ReportScope) {
  const { rows } = await sql<{ identity_id: string; name: string | null; n: string; courts: string[] }>`
    SELECT identity_id, max(interferer_name) AS name, count(*) AS n, array_agg(DISTINCT court ORDER BY court) AS courts
      FROM rm_records
     WHERE quarter = ${s.quarter} AND entered_at <= ${s.asOf}
       AND identity_id IN (SELECT identity_id FROM rm_records
                            WHERE court = ${s.court} AND quarter = ${s.quarter} AND identity_id IS NOT NULL
                              AND entered_at <= ${s.asOf})
     GROUP BY identity_id
    HAVING count(*) > 1
     ORDER BY count(*) DESC, identity_id`.execute(db);
  return rows.map((r) => ({
    identityId: r.identity_id,
    name: r.name,
    records: Number(r.n),
    courts: r.courts,
  }));
}

/** Whether any record of the quarter involves a principal leader (R-RP-2 adds recipients then). */
export async function involvesPrincipalLeader(db: Kysely<ReportingDB>, s: ReportScope): Promise<boolean> {
  const r = await db
    .selectFrom('rm_records')
    .select('record_id')
    .where('court', '=', s.court)
    .where('quarter', '=', s.quarter)
    .where('entered_at', '<=', s.asOf)
    .where('involves_principal_leader', '=', true)
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}

/** Handlers of the court seen in records (any quarter up to this one) or in declarations. */
export async function knownHandlers(db: Kysely<ReportingDB>, s: ReportScope): Promise<string[]> {
  const { rows } = await sql<{ handler: string }>`
    SELECT handler FROM rm_records WHERE court = ${s.court} AND quarter <= ${s.quarter} AND entered_at <= ${s.asOf}
    UNION
    SELECT handler FROM declarations WHERE court = ${s.court} AND quarter <= ${s.quarter} AND declared_at <= ${s.asOf}
    ORDER BY handler`.execute(db);
  return rows.map((r) => r.handler);
}

/** The court's declarations up to this quarter, as known at `asOf`. */
export async function declarationsUpTo(db: Kysely<ReportingDB>, s: ReportScope) {
  return db
    .selectFrom('declarations')
    .select(['handler', 'quarter', 'kind', 'declared_at'])
    .where('court', '=', s.court)
    .where('quarter', '<=', s.quarter)
    .where('declared_at', '<=', s.asOf)
    .orderBy('handler')
    .orderBy('quarter')
    .execute();
}

/** Verification outcomes of the court's quarter (R-BX-3). */
export async function sampleOutcomes(db: Kysely<ReportingDB>, s: ReportScope) {
  const { rows } = await sql<{ confirmed: string; disputed: string }>`
    SELECT count(*) FILTER (WHERE outcome = 'confirmed') AS confirmed,
           count(*) FILTER (WHERE outcome = 'disputed') AS disputed
      FROM rm_sample_verifications
     WHERE court = ${s.court} AND quarter = ${s.quarter} AND verified_at <= ${s.asOf}`.execute(db);
  return { confirmed: Number(rows[0]?.confirmed ?? 0), disputed: Number(rows[0]?.disputed ?? 0) };
}

/** The stored report versions. */
export async function findReport(db: Kysely<ReportingDB>, id: string) {
  return db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Report versions, newest first, narrowed to the courts the caller may see. */
export async function listReports(
  db: Kysely<ReportingDB>,
  f: { courts: string[]; quarter?: string | undefined },
) {
  if (f.courts.length === 0) return [];
  let q = db.selectFrom('reports').selectAll().where('court', 'in', f.courts);
  if (f.quarter) q = q.where('quarter', '=', f.quarter);
  return q.orderBy('generated_at', 'desc').orderBy('version', 'desc').limit(500).execute();
}

/** The next version number of a court's quarter: regenerating makes a new one, never changes an old one. */
export async function nextVersion(db: Kysely<ReportingDB>, court: string, quarter: string): Promise<number> {
  const r = await db
    .selectFrom('reports')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('court', '=', court)
    .where('quarter', '=', quarter)
    .executeTakeFirst();
  return Number(r?.v ?? 0) + 1;
}
