import type { Kysely } from 'kysely';
import type { AuthenticatedActor, Clock } from '@jir/service-kit';
import type { IntakeDB } from '../db/schema.js';
import { findAwaitingConfirmation } from './awaiting-confirmation.repository.js';
import { toRecordView } from './record-view.js';
import { insertViews } from './records.repository.js';

/**
 * The records the caller was present at and has not yet confirmed (R-RC-3), whatever their role:
 * a colleague who was in the room may not otherwise read the record, yet must see what they sign.
 * The entitlement is a fact of the row (being listed present, in the same court), exactly the rule
 * POST /v1/records/:id/confirmations applies, so the list offers only what that route accepts.
 * Showing the record is a read: it is logged like any other (R-AC-3).
 */
export async function recordsAwaitingConfirmation(
  deps: { db: Kysely<IntakeDB>; clock: Clock },
  actor: AuthenticatedActor,
  address: string,
) {
  const rows = await findAwaitingConfirmation(deps.db, actor.court, actor.sub);
  await insertViews(
    deps.db,
    rows.map((r) => r.id),
    { viewer: actor.sub, court: actor.court, roles: [...actor.roles], at: deps.clock.now(), address },
  );
  return { items: rows.map(({ extras, ...r }) => toRecordView(r, extras)) };
}
