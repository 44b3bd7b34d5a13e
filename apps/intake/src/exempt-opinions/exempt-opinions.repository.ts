import type { Insertable, Kysely, Selectable } from 'kysely';
import type { IntakeDB } from '../db/schema.js';

export type ExemptOpinionRow = Selectable<IntakeDB['exempt_opinions']>;

export async function insertExemptOpinion(
  db: Kysely<IntakeDB>,
  row: Insertable<IntakeDB['exempt_opinions']>,
): Promise<void> {
  await db.insertInto('exempt_opinions').values(row).execute();
}

/** LIST_LIMIT opinions of a court, newest first; only those handlers' when `handlers` is given. */
export const LIST_LIMIT = 200;

export async function listExemptOpinions(
  db: Kysely<IntakeDB>,
  f: {
    court: string;
    handlers?: readonly string[] | undefined;
    caseNumber?: string | undefined;
    ids?: readonly string[] | undefined;
  },
): Promise<ExemptOpinionRow[]> {
  let q = db.selectFrom('exempt_opinions').selectAll().where('court', '=', f.court);
  if (f.handlers) q = q.where('handler', 'in', [...f.handlers]);
  if (f.ids) q = q.where('id', 'in', [...f.ids]);
  if (f.caseNumber) q = q.where('case_number', '=', f.caseNumber);
  return q.orderBy('id', 'desc').limit(LIST_LIMIT).execute();
}

export type ExemptOpinionDecisionRow = Selectable<IntakeDB['exempt_opinion_decisions']>;

/** One opinion of a court, locked against a concurrent decision on it. */
export async function lockExemptOpinion(
  db: Kysely<IntakeDB>,
  court: string,
  id: string,
): Promise<ExemptOpinionRow | undefined> {
  return db
    .selectFrom('exempt_opinions')
    .selectAll()
    .where('id', '=', id)
    .where('court', '=', court)
    .forUpdate()
    .executeTakeFirst();
}

/** The decisions on these opinions, oldest first. */
export async function decisionsOf(
  db: Kysely<IntakeDB>,
  opinionIds: readonly string[],
): Promise<ExemptOpinionDecisionRow[]> {
  if (opinionIds.length === 0) return [];
  return db
    .selectFrom('exempt_opinion_decisions')
    .selectAll()
    .where('opinion_id', 'in', [...opinionIds])
    .orderBy('id')
    .execute();
}

export async function insertDecision(
  db: Kysely<IntakeDB>,
  row: Insertable<IntakeDB['exempt_opinion_decisions']>,
): Promise<ExemptOpinionDecisionRow> {
  return db.insertInto('exempt_opinion_decisions').values(row).returningAll().executeTakeFirstOrThrow();
}

/** Whether evidence storage has reported this file as stored for the opinion (its id as the record's). */
export async function opinionHasFile(db: Kysely<IntakeDB>, opinionId: string, evidenceId: string) {
  const row = await db
    .selectFrom('record_evidence')
    .select('evidence_id')
    .where('record_id', '=', opinionId)
    .where('evidence_id', '=', evidenceId)
    .executeTakeFirst();
  return row !== undefined;
}
