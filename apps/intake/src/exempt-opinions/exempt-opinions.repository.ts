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
  f: { court: string; handlers?: readonly string[] | undefined; caseNumber?: string | undefined },
): Promise<ExemptOpinionRow[]> {
  let q = db.selectFrom('exempt_opinions').selectAll().where('court', '=', f.court);
  if (f.handlers) q = q.where('handler', 'in', [...f.handlers]);
  if (f.caseNumber) q = q.where('case_number', '=', f.caseNumber);
  return q.orderBy('id', 'desc').limit(LIST_LIMIT).execute();
}
