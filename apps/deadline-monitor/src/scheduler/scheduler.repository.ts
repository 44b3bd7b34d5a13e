import { sql, type Transaction } from 'kysely';
import type { DeadlineDB } from '../db/schema.js';
import type { ObligationRow } from '../obligations/obligations.repository.js';

type Trx = Transaction<DeadlineDB>;

/**
 * Pending obligations whose deadline has passed, oldest first, locked with
 * SKIP LOCKED so that another instance takes others. Walks the partial index
 * on pending `due_at`: the cost follows what is due, not what is pending.
 */
export async function claimDue(trx: Trx, now: Date, limit: number): Promise<ObligationRow[]> {
  if (limit <= 0) return [];
  return trx
    .selectFrom('obligations')
    .selectAll()
    .where('state', '=', 'pending')
    .where('due_at', '<=', now)
    .orderBy('due_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

/** Pending obligations whose reminder time has come and whose deadline has not (same index discipline). */
export async function claimRemindable(trx: Trx, now: Date, limit: number): Promise<ObligationRow[]> {
  if (limit <= 0) return [];
  return trx
    .selectFrom('obligations')
    .selectAll()
    .where('state', '=', 'pending')
    .where('reminded_at', 'is', null)
    .where('remind_at', '<=', now)
    .where('due_at', '>', now)
    .orderBy('remind_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

/** An outbox row as `outboxRow` builds it. */
export interface OutboxValues {
  id: string;
  subject: string;
  aggregate_id: string;
  payload: unknown;
}

/**
 * Marks a batch breached or reminded and writes their events, in one
 * statement (a data-modifying CTE): the state change and its event exist
 * together or not at all, and a batch of thousands costs one round trip.
 */
export async function markBatch(
  trx: Trx,
  action: 'breached' | 'reminded',
  ids: readonly string[],
  now: Date,
  outbox: readonly OutboxValues[],
): Promise<void> {
  if (ids.length === 0) return;
  const entry = JSON.stringify([{ at: now.toISOString(), what: action }]);
  const set =
    action === 'breached' ? sql`state = 'breached', breached_at = ${now}` : sql`reminded_at = ${now}`;
  await sql`
    WITH changed AS (
      UPDATE obligations SET ${set}, history = history || ${entry}::jsonb
      WHERE id = ANY(${ids as string[]}::uuid[])
    )
    INSERT INTO outbox (id, subject, aggregate_id, payload)
    SELECT x.id, x.subject, x.aggregate_id, x.payload::jsonb
    FROM jsonb_to_recordset(${JSON.stringify(outbox)}::jsonb) AS x(id uuid, subject text, aggregate_id text, payload text)`.execute(
    trx,
  );
}

/** Records that a quarter's report duties exist; true only for the caller that recorded it first. */
export async function markQuarterSeeded(trx: Trx, quarter: string, now: Date): Promise<boolean> {
  const r = await trx
    .insertInto('seeded_quarters')
    .values({ quarter, seeded_at: now })
    .onConflict((oc) => oc.column('quarter').doNothing())
    .returning('quarter')
    .executeTakeFirst();
  return r !== undefined;
}

/** The latest quarter whose report duties were opened, or undefined on a fresh deployment. */
export async function lastSeededQuarter(trx: Trx): Promise<string | undefined> {
  const r = await trx
    .selectFrom('seeded_quarters')
    .select('quarter')
    .orderBy('quarter', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r?.quarter;
}
