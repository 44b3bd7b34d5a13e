import { sql, type Kysely, type Transaction } from 'kysely';
import type { ReportingDB, ReportingTables } from '../db/schema.js';

type Db =
  Kysely<ReportingDB> | Kysely<ReportingTables> | Transaction<ReportingTables> | Transaction<ReportingDB>;

/**
 * The keys an entered record adds 1 to in its court's quarter: the total, one
 * per breakdown, one per special item, its handler, whether a principal
 * leader is involved, and the state of its entry and copy duties as the
 * deadline monitor reported them. The report reads these sums (R-NF-5); a
 * rebuild and the live path both use this one definition.
 */
const contributions = (where: ReturnType<typeof sql>) => sql<{ court: string; quarter: string; key: string }>`
  SELECT r.court, r.quarter, k.key
    FROM rm_records r
   CROSS JOIN LATERAL (
          SELECT 'total'
    UNION ALL SELECT 'interfererKind:' || r.interferer_kind
    UNION ALL SELECT 'unitType:' || r.unit_type
    UNION ALL SELECT 'form:' || r.form
    UNION ALL SELECT 'stage:' || r.stage
    UNION ALL SELECT 'division:' || coalesce(r.division, '')
    UNION ALL SELECT 'month:' || r.month
    UNION ALL SELECT 'handler:' || r.handler
    UNION ALL SELECT 'principal' WHERE r.involves_principal_leader
    UNION ALL SELECT 'identity:' || r.identity_id WHERE r.identity_id IS NOT NULL
    UNION ALL SELECT 'specialItem:' || i FROM unnest(r.special_items) AS i
    UNION ALL SELECT o.kind || ':' || CASE WHEN o.met_at IS NOT NULL AND o.late_by_ms = 0 THEN 'onTime'
                                            WHEN o.met_at IS NOT NULL THEN 'late'
                                            WHEN o.breached_at IS NOT NULL THEN 'missing'
                                            ELSE 'pending' END
                FROM rm_obligations o WHERE o.subject_id = r.record_id AND o.kind IN ('entry', 'copy')
   ) AS k(key)
   WHERE r.entered_at IS NOT NULL AND ${where}`;

/** What one record contributes now. */
export async function recordContribution(trx: Db, recordId: string) {
  const { rows } = await contributions(sql`r.record_id = ${recordId}`).execute(trx);
  return rows;
}

/**
 * Serialises changes to one record's contribution (its facts and its duties
 * arrive on two streams, handled concurrently): the second waits, then reads
 * what the first committed.
 */
export async function lockRecordCounts(trx: Db, recordId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`rm-counts:${recordId}`}))`.execute(trx);
}

/** Adds the deltas (positive or negative) to the sums. */
export async function addToCounts(
  trx: Db,
  deltas: { court: string; quarter: string; key: string; n: number }[],
): Promise<void> {
  if (deltas.length === 0) return;
  await (trx as Kysely<ReportingTables>)
    .insertInto('rm_counts')
    .values(deltas)
    .onConflict((oc) =>
      oc.columns(['court', 'quarter', 'key']).doUpdateSet({ n: sql`rm_counts.n + excluded.n` }),
    )
    .execute();
}

/** Recomputes every sum from the rows (after a migration, or a bulk load). */
export async function rebuildCounts(db: Db): Promise<void> {
  await sql`DELETE FROM rm_counts`.execute(db);
  await sql`INSERT INTO rm_counts (court, quarter, key, n)
    SELECT court, quarter, key, count(*) FROM (${contributions(sql`true`)}) c GROUP BY 1, 2, 3`.execute(db);
}

/**
 * Interferers of the court's quarter counted in more than one record of the
 * quarter, in any court (R-BX-2), from the sums alone.
 */
export async function recurringIdentityCounts(db: Db, court: string, quarter: string) {
  const { rows } = await sql<{ identity_id: string; n: number; courts: string[] }>`
    SELECT substr(c.key, 10) AS identity_id, sum(c.n)::int AS n, array_agg(c.court ORDER BY c.court) AS courts
      FROM rm_counts c
     WHERE c.quarter = ${quarter} AND c.n > 0
       AND c.key IN (SELECT key FROM rm_counts
                      WHERE court = ${court} AND quarter = ${quarter} AND key LIKE 'identity:%' AND n > 0)
     GROUP BY c.key
    HAVING sum(c.n) > 1
     ORDER BY sum(c.n) DESC, c.key`.execute(db);
  return rows;
}

/** The sums of a court's quarter (only keys still counted). */
export async function countsOf(db: Db, court: string, quarter: string): Promise<Map<string, number>> {
  const rows = await (db as Kysely<ReportingTables>)
    .selectFrom('rm_counts')
    .select(['key', 'n'])
    .where('court', '=', court)
    .where('quarter', '=', quarter)
    .where(sql<boolean>`n > 0`)
    .execute();
  return new Map(rows.map((r) => [r.key, Number(r.n)]));
}
