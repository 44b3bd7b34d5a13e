import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { IntakeDB } from '../db/schema.js';

type Db = Kysely<IntakeDB> | Transaction<IntakeDB>;

/**
 * Serialises findings about one person across every court of the deployment, so two findings
 * at once each count the other; a lock on rows could not cover a person's first finding.
 */
export async function lockPerson(trx: Transaction<IntakeDB>, staff: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`accountability:${staff}`}, 0))`.execute(trx);
}

/** The person's earlier established violations (not instructions) in these courts (R-AB-1). */
export async function priorViolations(db: Db, staff: string, courts: readonly string[]): Promise<number> {
  const row = await db
    .selectFrom('accountability_entries')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('court', 'in', [...courts])
    .where('staff', '=', staff)
    .where('kind', 'in', ['failure-to-record', 'untruthful-record'])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertEntry(db: Db, row: Insertable<IntakeDB['accountability_entries']>) {
  await db.insertInto('accountability_entries').values(row).execute();
}

/** The court's ledger, oldest finding first, optionally of one person. */
export function listEntries(db: Db, court: string, staff: string | undefined) {
  let q = db.selectFrom('accountability_entries').selectAll().where('court', '=', court);
  if (staff) q = q.where('staff', '=', staff);
  return q.orderBy('found_at').orderBy('id').limit(500).execute();
}
