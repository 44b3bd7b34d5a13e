import type { Insertable, Kysely, Transaction } from 'kysely';
import type { IntakeDB } from '../db/schema.js';

type Db = Kysely<IntakeDB> | Transaction<IntakeDB>;

/** A new complaint with its first level, the court one level up (R-AB-2). */
export async function insertComplaint(
  db: Db,
  complaint: Insertable<IntakeDB['complaints']>,
  level: Insertable<IntakeDB['complaint_levels']>,
): Promise<void> {
  await db.insertInto('complaints').values(complaint).execute();
  await db.insertInto('complaint_levels').values(level).execute();
}

export function findComplaint(db: Db, id: string) {
  return db.selectFrom('complaints').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The levels of a complaint, the first court first: read, or locked to add the next one. */
function levelsOf(db: Db, id: string) {
  return db.selectFrom('complaint_levels').selectAll().where('complaint_id', '=', id).orderBy('level');
}

/** Every level of a complaint, the first court first. */
export function complaintLevels(db: Db, id: string) {
  return levelsOf(db, id).execute();
}

/** The levels of a complaint locked, so two escalations at once cannot both add the next one. */
export function lockComplaintLevels(db: Db, id: string) {
  return levelsOf(db, id).forUpdate().execute();
}

export function complaintActions(db: Db, id: string) {
  return db
    .selectFrom('complaint_actions')
    .selectAll()
    .where('complaint_id', '=', id)
    .orderBy('id')
    .execute();
}

export async function insertComplaintAction(db: Db, action: Insertable<IntakeDB['complaint_actions']>) {
  await db.insertInto('complaint_actions').values(action).execute();
}

export async function insertComplaintLevel(db: Db, level: Insertable<IntakeDB['complaint_levels']>) {
  await db.insertInto('complaint_levels').values(level).execute();
}

/**
 * Ids of the complaints a caller may list: those any level of which reached `court` when the
 * caller handles complaints there, and the caller's own.
 */
export async function visibleComplaintIds(
  db: Db,
  who: { court: string; sub: string; handlesCourt: boolean },
): Promise<string[]> {
  const rows = await db
    .selectFrom('complaints as c')
    .select('c.id')
    .where((eb) =>
      eb.or([
        eb.and([eb('c.complainant', '=', who.sub), eb('c.from_court', '=', who.court)]),
        ...(who.handlesCourt
          ? [
              eb.exists(
                eb
                  .selectFrom('complaint_levels as l')
                  .select('l.level')
                  .whereRef('l.complaint_id', '=', 'c.id')
                  .where('l.court', '=', who.court),
              ),
            ]
          : []),
      ]),
    )
    .orderBy('c.id')
    .limit(500)
    .execute();
  return rows.map((r) => r.id);
}
