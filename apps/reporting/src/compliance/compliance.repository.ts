import { sql, type Kysely, type Transaction } from 'kysely';
import type { ReportingDB } from '../db/schema.js';

type Db = Kysely<ReportingDB> | Transaction<ReportingDB>;

/** A court's report duties for the quarter (subject `<court>:<quarter>`), as the deadline monitor reported them. */
export async function reportDuties(db: Db, court: string, quarter: string) {
  const { rows } = await sql<{
    on_time: number;
    late: number;
    missing: number;
    pending: number;
    breached: number;
  }>`
    SELECT count(*) FILTER (WHERE met_at IS NOT NULL AND late_by_ms = 0)::int AS on_time,
           count(*) FILTER (WHERE met_at IS NOT NULL AND late_by_ms > 0)::int AS late,
           count(*) FILTER (WHERE met_at IS NULL AND breached_at IS NOT NULL)::int AS missing,
           count(*) FILTER (WHERE met_at IS NULL AND breached_at IS NULL)::int AS pending,
           count(*) FILTER (WHERE breached_at IS NOT NULL)::int AS breached
      FROM rm_obligations
     WHERE court = ${court} AND subject_id = ${`${court}:${quarter}`}
       AND kind IN ('quarterly-report', 'committee-report')`.execute(db);
  return rows[0] ?? { on_time: 0, late: 0, missing: 0, pending: 0, breached: 0 };
}

/** Breached entry and copy duties of the court's records of the quarter. */
export async function recordBreaches(db: Db, court: string, quarter: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n
      FROM rm_records r JOIN rm_obligations o ON o.subject_id = r.record_id AND o.kind IN ('entry', 'copy')
     WHERE r.court = ${court} AND r.quarter = ${quarter} AND r.entered_at IS NOT NULL
       AND o.breached_at IS NOT NULL`.execute(db);
  return rows[0]?.n ?? 0;
}

/** Stores a circulated document; the table's trigger keeps it frozen. */
export async function insertCircular(
  trx: Db,
  c: {
    id: string;
    court: string;
    quarter: string;
    document: unknown;
    digest: string;
    signature: string;
    keyId: string;
    by: string;
    at: Date;
  },
): Promise<void> {
  await trx
    .insertInto('circulars')
    .values({
      id: c.id,
      court: c.court,
      quarter: c.quarter,
      document: JSON.stringify(c.document),
      digest: c.digest,
      signature: c.signature,
      key_id: c.keyId,
      circulated_by: c.by,
      circulated_at: c.at,
    })
    .execute();
}
