import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { ObligationKind, ObligationState } from '@jir/contracts';
import type { DeadlineDB, DeadlineTables, HistoryEntry } from '../db/schema.js';

type Db = Kysely<DeadlineDB> | Transaction<DeadlineDB>;
/** An obligation as stored. */
export type ObligationRow = Selectable<DeadlineTables['obligations']>;

/** A new obligation's row (its schedule already computed). */
export interface NewObligation {
  id: string;
  subjectKey: string;
  kind: ObligationKind;
  recordId?: string | null;
  materialId?: string | null;
  court: string;
  handler?: string | null;
  division?: string | null;
  quarter?: string | null;
  level?: string | null;
  startsAt: Date;
  dueDate: string | null;
  dueAt: Date | null;
  remindAt: Date | null;
  pendingReason: string | null;
  history: HistoryEntry[];
  createdAt: Date;
}

/** An outbox row to write only if its obligation is inserted. */
export interface EventOfObligation {
  obligationId: string;
  id: string;
  subject: string;
  aggregate_id: string;
  /** The envelope as JSON text. */
  payload: string;
}

/**
 * Opens obligations in one statement, one round trip: inserts those whose subjects have none
 * yet, writes the outbox rows of the ones inserted (built beforehand for every candidate), and
 * returns the rows inserted, each with the fulfilment already waiting for its subject, if any
 * (an earlier statement of the transaction may have recorded it: the statement sees it).
 */
export async function insertObligationsWithEvents(
  db: Db,
  list: readonly NewObligation[],
  events: readonly EventOfObligation[],
): Promise<{ row: ObligationRow; waiting: { met_at: Date; source: string } | undefined }[]> {
  if (!list.length) return [];
  const rows = await db
    .with('ins', (qb) =>
      qb
        .insertInto('obligations')
        .values(list.map(obligationValues))
        .onConflict((oc) => oc.column('subject_key').doNothing())
        .returningAll(),
    )
    // A raw CTE body is not put in parentheses by kysely, unlike a built one.
    .with(
      'ev',
      () =>
        sql`(INSERT INTO outbox (id, subject, aggregate_id, payload)
          SELECT e.id, e.subject, e.aggregate_id, e.payload::jsonb
            FROM jsonb_to_recordset(${JSON.stringify(events)}::jsonb)
                 AS e("obligationId" uuid, id uuid, subject text, aggregate_id text, payload text)
           WHERE e."obligationId" IN (SELECT id FROM ins)
          RETURNING id)`,
    )
    .selectFrom('ins')
    .leftJoin('fulfilments as f', 'f.subject_key', 'ins.subject_key')
    .selectAll('ins')
    .select(['f.met_at as waiting_met_at', 'f.source as waiting_source'])
    .execute();
  return rows.map(({ waiting_met_at, waiting_source, ...row }) => ({
    row: row as ObligationRow,
    waiting:
      waiting_met_at && waiting_source ? { met_at: waiting_met_at, source: waiting_source } : undefined,
  }));
}

/** A new obligation as the columns of its row. */
export function obligationValues(o: NewObligation) {
  return {
    id: o.id,
    subject_key: o.subjectKey,
    kind: o.kind,
    record_id: o.recordId ?? null,
    material_id: o.materialId ?? null,
    court: o.court,
    handler: o.handler ?? null,
    division: o.division ?? null,
    quarter: o.quarter ?? null,
    level: o.level ?? null,
    starts_at: o.startsAt,
    due_date: o.dueDate,
    due_at: o.dueAt,
    remind_at: o.remindAt,
    pending_reason: o.pendingReason,
    history: JSON.stringify(o.history),
    created_at: o.createdAt,
  };
}

/** The obligation of a subject, locked for the change the caller is making. */
export async function lockBySubject(db: Db, subjectKey: string): Promise<ObligationRow | undefined> {
  return db
    .selectFrom('obligations')
    .selectAll()
    .where('subject_key', '=', subjectKey)
    .forUpdate()
    .executeTakeFirst();
}

/** One obligation, optionally locked. */
export async function findObligation(db: Db, id: string, lock = false): Promise<ObligationRow | undefined> {
  const q = db.selectFrom('obligations').selectAll().where('id', '=', id);
  return (lock ? q.forUpdate() : q).executeTakeFirst();
}

/** Changes an obligation and appends one entry to its history. */
/**
 * Rewrites why a duty still has no deadline, without a history entry: after a
 * calendar load the reason's list of covered years changes, the duty does not.
 */
export async function restatePendingReason(db: Db, id: string, reason: string): Promise<void> {
  await db.updateTable('obligations').set({ pending_reason: reason }).where('id', '=', id).execute();
}

export async function updateObligation(
  db: Db,
  id: string,
  set: Partial<{
    state: ObligationState;
    met_at: Date | null;
    late_by_ms: number | null;
    breached_at: Date | null;
    reminded_at: Date | null;
    due_date: string | null;
    due_at: Date | null;
    remind_at: Date | null;
    pending_reason: string | null;
    waived_at: Date;
    waived_by: string;
    waive_reason: string;
  }>,
  entry: HistoryEntry,
): Promise<ObligationRow> {
  return db
    .updateTable('obligations')
    .set({ ...set, history: sql`history || ${JSON.stringify([entry])}::jsonb` as never })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Remembers that a subject's duty was fulfilled; the earliest fulfilment is kept. */
export async function recordFulfilment(
  db: Db,
  subjectKey: string,
  metAt: Date,
  source: string,
): Promise<void> {
  await db
    .insertInto('fulfilments')
    .values({ subject_key: subjectKey, met_at: metAt, source })
    .onConflict((oc) =>
      oc
        .column('subject_key')
        .doUpdateSet({
          met_at: sql`LEAST(fulfilments.met_at, excluded.met_at)` as never,
          source: sql`excluded.source` as never,
        })
        .where('fulfilments.met_at', '>', (eb) => eb.ref('excluded.met_at')),
    )
    .execute();
}

/** The fulfilment already known for a subject (it may come before the obligation). */
export async function findFulfilment(
  db: Db,
  subjectKey: string,
): Promise<{ met_at: Date; source: string } | undefined> {
  return db
    .selectFrom('fulfilments')
    .select(['met_at', 'source'])
    .where('subject_key', '=', subjectKey)
    .executeTakeFirst();
}

/** Open obligations whose deadline a calendar year can change: day-based periods near or in that year. */
export async function lockRecomputable(db: Db, year: number): Promise<ObligationRow[]> {
  return recomputableQuery(db, year).forUpdate().execute();
}

/** The same rows, unlocked: what a preview of the load reads (it changes nothing). */
export async function readRecomputable(db: Db, year: number): Promise<ObligationRow[]> {
  return recomputableQuery(db, year).execute();
}

function recomputableQuery(db: Db, year: number) {
  const from = new Date(Date.UTC(year - 1, 10, 1));
  const to = new Date(Date.UTC(year + 1, 0, 1));
  return db
    .selectFrom('obligations')
    .selectAll()
    .where('kind', '!=', 'severe-escalation')
    .where((eb) =>
      eb.or([
        eb('due_at', 'is', null),
        eb.and([eb('state', '=', 'pending'), eb('starts_at', '>=', from), eb('starts_at', '<', to)]),
      ]),
    )
    .where('state', '!=', 'waived')
    .orderBy('id');
}

/** Filters of a listing, already narrowed to what the caller may see. */
export interface ObligationFilter {
  court: string;
  handlers?: string[] | undefined;
  divisions?: string[] | undefined;
  recordId?: string | undefined;
  handler?: string | undefined;
  kind?: ObligationKind | undefined;
  state?: ObligationState | undefined;
  dueBefore?: Date | undefined;
  cursor?: string | undefined;
  limit: number;
}

/** A page of obligations in id order (UUIDv7: creation order); one more row tells whether a next page exists. */
export async function listObligations(db: Db, f: ObligationFilter): Promise<ObligationRow[]> {
  let q = db.selectFrom('obligations').selectAll().where('court', '=', f.court);
  const { handlers, divisions } = f;
  if (handlers || divisions) {
    q = q.where((eb) =>
      eb.or([
        ...(handlers?.length ? [eb('handler', 'in', handlers)] : []),
        ...(divisions?.length ? [eb('division', 'in', divisions)] : []),
        ...(handlers?.length || divisions?.length ? [] : [eb.val(false)]),
      ]),
    );
  }
  if (f.recordId) q = q.where('record_id', '=', f.recordId);
  if (f.handler) q = q.where('handler', '=', f.handler);
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.state) q = q.where('state', '=', f.state);
  if (f.dueBefore) q = q.where('due_at', '<', f.dueBefore);
  if (f.cursor) q = q.where('id', '>', f.cursor);
  return q
    .orderBy('id')
    .limit(f.limit + 1)
    .execute();
}
