import { sql, type Kysely } from 'kysely';
import type { ReportingDB } from '../db/schema.js';
import { recurringIdentityCounts } from '../read-model/record-counts.repository.js';

/**
 * What a report covers: one court's entered records of one quarter as the
 * read model knows them, and declarations and verifications made up to `asOf`.
 */
export interface ReportScope {
  court: string;
  quarter: string;
  asOf: Date;
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
    .where('entered_at', 'is not', null)
    .where(sql<boolean>`special_items <> '{}'`)
    .orderBy('received_at')
    .orderBy('record_id')
    .execute();
}

/**
 * The quarter's entered records that involve a principal leader of the court's
 * own committee (R-RP-2), with the interferers they name: a copy that leaves
 * the records out must leave those interferers out of the recurring list too.
 */
export async function principalLeaderRecords(db: Kysely<ReportingDB>, s: ReportScope) {
  const rows = await db
    .selectFrom('rm_records')
    .select(['record_id', 'identity_id'])
    .where('court', '=', s.court)
    .where('quarter', '=', s.quarter)
    .where('entered_at', 'is not', null)
    .where('involves_principal_leader', '=', true)
    .orderBy('record_id')
    .execute();
  return {
    recordIds: rows.map((r) => r.record_id),
    identityIds: [...new Set(rows.flatMap((r) => (r.identity_id ? [r.identity_id] : [])))].sort(),
  };
}

/**
 * Interferers of this court's quarter who appear in more than one record, in
 * any court (R-BX-2): counts from the sums, the name from the records of the
 * recurring identities only.
 */
export async function recurringIdentities(db: Kysely<ReportingDB>, s: ReportScope) {
  const recurring = await recurringIdentityCounts(db, s.court, s.quarter);
  if (recurring.length === 0) return [];
  const { rows: names } = await sql<{ identity_id: string; name: string | null }>`
    SELECT identity_id, max(interferer_name) AS name
      FROM rm_records
     WHERE identity_id = ANY(${recurring.map((r) => r.identity_id)}) AND quarter = ${s.quarter}
       AND entered_at IS NOT NULL
     GROUP BY identity_id`.execute(db);
  const nameOf = new Map(names.map((n) => [n.identity_id, n.name]));
  return recurring.map((r) => ({
    identityId: r.identity_id,
    name: nameOf.get(r.identity_id) ?? null,
    records: Number(r.n),
    courts: [...new Set(r.courts)],
  }));
}

/** Handlers of the court seen in records (any quarter up to this one) or in declarations. */
export async function knownHandlers(db: Kysely<ReportingDB>, s: ReportScope): Promise<string[]> {
  const { rows } = await sql<{ handler: string }>`
    SELECT substr(key, 9) AS handler FROM rm_counts
     WHERE court = ${s.court} AND quarter <= ${s.quarter} AND key LIKE 'handler:%' AND n > 0
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

/**
 * Makes the generating transaction read the read model as of one instant and
 * serialises generation: REPEATABLE READ, so the sums and the lists of a
 * snapshot come from the same state while the consumers keep committing (in
 * READ COMMITTED each statement saw a newer state, and a report could list a
 * record its totals did not count yet); the table lock is taken before the
 * first query, so the snapshot is taken after the lock is granted and the
 * next version number sees every version committed before it. Reports are
 * generated rarely and take well under a second, so one at a time is cheap.
 * Must be the first statements of the transaction.
 */
export async function beginConsistentGeneration(trx: Kysely<ReportingDB>): Promise<void> {
  await sql`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ`.execute(trx);
  await sql`LOCK TABLE reports IN SHARE ROW EXCLUSIVE MODE`.execute(trx);
}

/** A new frozen version: stored once, never updated; the snapshot as the canonical text that was signed. */
export async function insertReport(
  trx: Kysely<ReportingDB>,
  r: {
    id: string;
    court: string;
    quarter: string;
    version: number;
    snapshotJson: string;
    digest: string;
    signature: string;
    keyId: string;
    generatedAt: Date;
  },
): Promise<void> {
  await trx
    .insertInto('reports')
    .values({
      id: r.id,
      court: r.court,
      quarter: r.quarter,
      version: r.version,
      snapshot: r.snapshotJson,
      digest: r.digest,
      signature: r.signature,
      key_id: r.keyId,
      generated_at: r.generatedAt,
    })
    .execute();
}
