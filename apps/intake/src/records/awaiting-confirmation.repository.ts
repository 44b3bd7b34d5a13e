import { sql, type Kysely } from 'kysely';
import type { IntakeDB } from '../db/schema.js';
import type { RecordRow } from './record-view.js';
import type { RecordExtras } from './records.repository.js';

/** More than anyone is present at in a working life of oral interference; the list is not paged. */
export const AWAITING_LIMIT = 500;

/**
 * Records of the court where `staffId` is listed among the court employees present and has not
 * yet confirmed, oldest receipt first, each with its extras. The containment test
 * (`persons_present @> [{staffId}]`) reads the same JSON the confirmation checks (R-RC-3).
 */
export async function findAwaitingConfirmation(
  db: Kysely<IntakeDB>,
  court: string,
  staffId: string,
): Promise<Array<RecordRow & { extras: RecordExtras }>> {
  const rows = await db
    .selectFrom('records')
    .selectAll()
    .select(
      sql<RecordExtras>`json_build_object(
        'evidenceCount', (SELECT count(*) FROM record_evidence e WHERE e.record_id = records.id),
        'confirmed', coalesce((SELECT json_agg(c.staff_id ORDER BY c.confirmed_at) FROM record_confirmations c
          WHERE c.record_id = records.id), '[]'::json))`.as('extras'),
    )
    .where('court', '=', court)
    .where(sql<boolean>`persons_present @> ${JSON.stringify([{ staffId }])}::jsonb`)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('record_confirmations as c')
            .select('c.staff_id')
            .whereRef('c.record_id', '=', 'records.id')
            .where('c.staff_id', '=', staffId),
        ),
      ),
    )
    .orderBy('received_at')
    .orderBy('id')
    .limit(AWAITING_LIMIT)
    .execute();
  return rows as Array<RecordRow & { extras: RecordExtras }>;
}
