import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { IntakeDB } from '../db/schema.js';

export type DrawRow = Selectable<IntakeDB['sample_draws']>;
export type DrawSummaryRow = DrawRow & { drawn: number; confirmed: number; disputed: number };

export interface DrawListFilter {
  court: string;
  quarter?: string | undefined;
  /** The id of the last draw of the previous page. */
  before?: string | undefined;
  limit: number;
}

/** A court's draws, newest first (UUIDv7 ids), each with how many items were drawn and verified. */
export async function listDraws(db: Kysely<IntakeDB>, f: DrawListFilter): Promise<DrawSummaryRow[]> {
  let q = db
    .selectFrom('sample_draws as d')
    .leftJoin('sample_items as i', 'i.draw_id', 'd.id')
    .leftJoin('sample_verifications as v', (j) =>
      j.onRef('v.draw_id', '=', 'i.draw_id').onRef('v.record_id', '=', 'i.record_id'),
    )
    .selectAll('d')
    .select([
      sql<number>`count(i.record_id)::int`.as('drawn'),
      sql<number>`count(*) FILTER (WHERE v.outcome = 'confirmed')::int`.as('confirmed'),
      sql<number>`count(*) FILTER (WHERE v.outcome = 'disputed')::int`.as('disputed'),
    ])
    .where('d.court', '=', f.court);
  if (f.quarter) q = q.where('d.quarter', '=', f.quarter);
  if (f.before) q = q.where('d.id', '<', f.before);
  return q.groupBy('d.id').orderBy('d.id', 'desc').limit(f.limit).execute();
}

/** The draw already made of a court's quarter, if any: one per quarter (R-BX-3). */
export async function findQuarterDraw(db: Kysely<IntakeDB>, court: string, quarter: string) {
  return db
    .selectFrom('sample_draws')
    .select('id')
    .where('court', '=', court)
    .where('quarter', '=', quarter)
    .executeTakeFirst();
}

/** The population of a draw: the court's entered records received within the quarter. */
export async function enteredRecordIds(
  db: Kysely<IntakeDB>,
  court: string,
  start: Date,
  end: Date,
): Promise<string[]> {
  const rows = await db
    .selectFrom('records')
    .select('id')
    .where('court', '=', court)
    .where('state', '=', 'entered')
    .where('received_at', '>=', start)
    .where('received_at', '<', end)
    .execute();
  return rows.map((r) => r.id);
}

export async function insertDraw(
  db: Kysely<IntakeDB>,
  draw: Insertable<IntakeDB['sample_draws']>,
  recordIds: readonly string[],
): Promise<void> {
  await db.insertInto('sample_draws').values(draw).execute();
  if (recordIds.length)
    await db
      .insertInto('sample_items')
      .values(recordIds.map((record_id) => ({ draw_id: draw.id, record_id })))
      .execute();
}

export async function findDraw(db: Kysely<IntakeDB>, id: string): Promise<DrawRow | undefined> {
  return db.selectFrom('sample_draws').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Drawn items (`i`) with their records (`r`) and their verifications (`v`), if any: what a draw's
 * page and the list of items awaiting verification both read.
 */
function drawnRecords(db: Kysely<IntakeDB>) {
  return db
    .selectFrom('sample_items as i')
    .innerJoin('records as r', 'r.id', 'i.record_id')
    .leftJoin('sample_verifications as v', (j) =>
      j.onRef('v.draw_id', '=', 'i.draw_id').onRef('v.record_id', '=', 'i.record_id'),
    );
}

/** A draw's items with their records' case, handler and division, and each verification if any. */
export async function drawItems(db: Kysely<IntakeDB>, drawId: string) {
  return drawnRecords(db)
    .select([
      'i.record_id',
      'r.case_number',
      'r.handler',
      'r.division',
      'v.outcome',
      'v.note',
      'v.verified_by',
      'v.verified_at',
    ])
    .where('i.draw_id', '=', drawId)
    .orderBy('i.record_id')
    .execute();
}

/** One drawn record with what deciding its verifier needs: court, handler, division, persons present. */
export async function findDrawItem(db: Kysely<IntakeDB>, drawId: string, recordId: string) {
  return db
    .selectFrom('sample_items as i')
    .innerJoin('records as r', 'r.id', 'i.record_id')
    .innerJoin('sample_draws as d', 'd.id', 'i.draw_id')
    .select(['r.court', 'r.handler', 'r.division', 'r.persons_present', 'd.quarter'])
    .where('i.draw_id', '=', drawId)
    .where('i.record_id', '=', recordId)
    .executeTakeFirst();
}

/** More drawn records than one person verifies in years; the list is not paged. */
export const AWAITING_VERIFICATION_LIMIT = 500;

/**
 * The court's drawn records nobody has verified yet that `staffId` could verify: listed among the
 * persons present, or in `division` (the caller's, if they head it); never their own records. The
 * service decides each row with the same rule as the verification itself (R-BX-3).
 */
export async function findAwaitingVerification(
  db: Kysely<IntakeDB>,
  q: { court: string; staffId: string; division: string | undefined },
) {
  return drawnRecords(db)
    .innerJoin('sample_draws as d', 'd.id', 'i.draw_id')
    .select([
      'i.draw_id',
      'd.quarter',
      'd.drawn_at',
      'i.record_id',
      'r.court',
      'r.case_number',
      'r.handler',
      'r.division',
      'r.persons_present',
    ])
    .where('d.court', '=', q.court)
    .where('v.record_id', 'is', null)
    .where('r.handler', '!=', q.staffId)
    .where((eb) =>
      eb.or([
        eb(sql<boolean>`r.persons_present @> ${JSON.stringify([{ staffId: q.staffId }])}::jsonb`, '=', true),
        ...(q.division ? [eb('r.division', '=', q.division)] : []),
      ]),
    )
    .orderBy('d.drawn_at')
    .orderBy('i.record_id')
    .limit(AWAITING_VERIFICATION_LIMIT)
    .execute();
}

/** Keeps a verification; false when the record was already verified in this draw. */
export async function insertVerification(
  db: Kysely<IntakeDB>,
  v: Insertable<IntakeDB['sample_verifications']>,
): Promise<boolean> {
  const done = await db
    .insertInto('sample_verifications')
    .values(v)
    .onConflict((oc) => oc.doNothing())
    .returning('record_id')
    .executeTakeFirst();
  return done !== undefined;
}
