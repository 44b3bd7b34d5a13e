import type { Transaction } from 'kysely';
import {
  buildEvent,
  newId,
  obligationBreached,
  obligationCreated,
  obligationMet,
  obligationMetLate,
  type ActorRef,
  type ObligationKind,
} from '@jir/contracts';
import { emitEvent, outboxRow, type KitTables } from '@jir/service-kit';
import type { LegalCalendar } from '@jir/rules';
import type { DeadlineDB } from '../db/schema.js';
import { scheduleOf, type PeriodSettings } from './obligation-periods.js';
import {
  insertObligationsWithEvents,
  lockBySubject,
  obligationValues,
  recordFulfilment,
  updateObligation,
  type NewObligation,
  type ObligationRow,
} from './obligations.repository.js';

type Trx = Transaction<DeadlineDB>;

/** The actor of what the service does by itself (breaches, reminders, met by an event). */
export const MONITOR_ACTOR: ActorRef = { sub: 'system:deadline-monitor', kind: 'service' };

/** What deciding an obligation needs besides the transaction. */
export interface LifecycleContext {
  calendar: LegalCalendar;
  settings: PeriodSettings;
  /** The instant of this change. */
  now: Date;
}

/** The duty to open: who owes what to whom, and from when. */
export interface ObligationInput {
  subjectKey: string;
  kind: ObligationKind;
  court: string;
  startsAt: Date;
  recordId?: string | null;
  materialId?: string | null;
  handler?: string | null;
  division?: string | null;
  quarter?: string | null;
  level?: string | null;
  /** What created it, for the history. */
  cause: string;
}

/** What the obligation events tell of an obligation. */
type FactsOf = Pick<
  ObligationRow,
  | 'id'
  | 'kind'
  | 'record_id'
  | 'material_id'
  | 'court'
  | 'quarter'
  | 'due_at'
  | 'due_date'
  | 'handler'
  | 'division'
  | 'level'
>;

/** The data every deadlines.obligation.* event carries; only for obligations with a deadline. */
export function obligationFacts(row: FactsOf) {
  return {
    obligationId: row.id,
    kind: row.kind,
    subjectId: row.record_id ?? row.material_id ?? `${row.court}:${row.quarter ?? ''}`,
    dueAt: row.due_at!.toISOString(),
    dueDate: row.due_date!,
    ...(row.record_id ? { recordId: row.record_id } : {}),
    ...(row.material_id ? { materialId: row.material_id } : {}),
    ...(row.handler ? { handler: row.handler } : {}),
    ...(row.division !== null ? { division: row.division } : {}),
    ...(row.quarter ? { quarter: row.quarter } : {}),
    ...(row.level ? { level: row.level } : {}),
  };
}

function kit(trx: Trx): Transaction<KitTables> {
  // The kit's tables are part of this schema; kysely cannot see that through the generic.
  return trx as unknown as Transaction<KitTables>;
}

/**
 * Opens the obligation unless its subject has one (a repeated or reordered
 * event changes nothing). A fulfilment that arrived first meets it at once;
 * one created already overdue stays pending with its past deadline, and the
 * scheduler's next pass breaches it (one place emits breaches, exactly once).
 */
export async function openObligation(
  trx: Trx,
  input: ObligationInput,
  c: LifecycleContext,
): Promise<ObligationRow | undefined> {
  return (await openObligations(trx, [input], c))[0];
}

/**
 * Opens several obligations as {@link openObligation} does, in one statement whatever their
 * number (the rows, their events, the fulfilments waiting for them): a batch's entry and copy
 * duties, or its escalations, cost one round trip rather than one per duty. Returns the rows
 * opened.
 */
export async function openObligations(
  trx: Trx,
  inputs: readonly ObligationInput[],
  c: LifecycleContext,
): Promise<ObligationRow[]> {
  const candidates = inputs.map((input): NewObligation => {
    const s = scheduleOf(
      { kind: input.kind, startsAt: input.startsAt, quarter: input.quarter },
      c.settings,
      c.calendar,
    );
    return {
      id: newId(),
      subjectKey: input.subjectKey,
      kind: input.kind,
      recordId: input.recordId ?? null,
      materialId: input.materialId ?? null,
      court: input.court,
      handler: input.handler ?? null,
      division: input.division ?? null,
      quarter: input.quarter ?? null,
      level: input.level ?? null,
      startsAt: input.startsAt,
      dueDate: s.dueDate ?? null,
      dueAt: s.dueAt ?? null,
      remindAt: s.remindAt ?? null,
      pendingReason: s.pendingReason ?? null,
      history: [
        {
          at: c.now.toISOString(),
          what: 'created',
          detail: {
            cause: input.cause,
            startsAt: input.startsAt.toISOString(),
            dueAt: s.dueAt?.toISOString() ?? null,
            ...(s.pendingReason ? { pendingReason: s.pendingReason } : {}),
          },
        },
      ],
      createdAt: c.now,
    };
  });
  // Each candidate's creation event, written only if its obligation is (one with no deadline yet
  // announces itself once the calendar gives it one).
  const events = candidates.flatMap((o) => {
    const values = obligationValues(o);
    if (!values.due_at) return [];
    const { id, subject, aggregate_id, payload } = outboxRow(
      obligationCreated,
      buildEvent(obligationCreated, envelope(values, c.now, obligationFacts(values))),
    );
    return [{ obligationId: o.id, id, subject, aggregate_id, payload }];
  });
  const inserted = await insertObligationsWithEvents(trx, candidates, events);
  const opened: ObligationRow[] = [];
  for (const { row, waiting } of inserted)
    opened.push(waiting ? await meet(trx, row, waiting.met_at, waiting.source, c.now) : row);
  return opened;
}

function envelope<T>(row: Pick<ObligationRow, 'court' | 'id'>, now: Date, data: T) {
  return { court: row.court, aggregateId: row.id, actor: MONITOR_ACTOR, occurredAt: now, data };
}

/**
 * Records that a subject's duty was done and meets its obligation if it has
 * one; if not yet, the fulfilment waits for it (events arrive in any order).
 */
export async function fulfil(
  trx: Trx,
  subjectKey: string,
  metAt: Date,
  source: string,
  now: Date,
): Promise<void> {
  await recordFulfilment(trx, subjectKey, metAt, source);
  const row = await lockBySubject(trx, subjectKey);
  if (row) await meet(trx, row, metAt, source, now);
}

/**
 * Meets an open obligation: on time, or late (R-DL-5). One met after its
 * deadline that was not breached yet (the service was down, or the events
 * came late) is breached first, so the breach is on record exactly once
 * either way. Without a deadline (uncovered year) the lateness waits for the
 * calendar.
 */
export async function meet(
  trx: Trx,
  row: ObligationRow,
  metAt: Date,
  source: string,
  now: Date,
): Promise<ObligationRow> {
  if (row.state !== 'pending' && row.state !== 'breached') return row;
  const entry = { at: now.toISOString(), what: 'met', detail: { source, metAt: metAt.toISOString() } };
  if (!row.due_at) {
    return updateObligation(
      trx,
      row.id,
      { state: 'met', met_at: metAt, late_by_ms: null },
      {
        ...entry,
        detail: { ...entry.detail, lateness: 'unknown until the calendar covers the deadline' },
      },
    );
  }
  const lateByMs = Math.max(0, metAt.getTime() - row.due_at.getTime());
  if (lateByMs === 0 && row.state === 'pending') {
    const met = await updateObligation(trx, row.id, { state: 'met', met_at: metAt, late_by_ms: 0 }, entry);
    await emitEvent(
      kit(trx),
      obligationMet,
      envelope(met, now, { ...obligationFacts(met), metAt: metAt.toISOString(), lateByMs: 0 }),
    );
    return met;
  }
  let breachedAt = row.breached_at;
  if (row.state === 'pending') {
    breachedAt = now;
    const breached = await updateObligation(
      trx,
      row.id,
      { state: 'breached', breached_at: now },
      {
        at: now.toISOString(),
        what: 'breached',
        detail: { dueAt: row.due_at.toISOString(), noticed: 'when met after its deadline' },
      },
    );
    await emitEvent(
      kit(trx),
      obligationBreached,
      envelope(breached, now, { ...obligationFacts(breached), breachedAt: now.toISOString() }),
    );
  }
  const late = await updateObligation(
    trx,
    row.id,
    { state: 'met-late', met_at: metAt, late_by_ms: lateByMs },
    {
      ...entry,
      what: 'met-late',
      detail: { ...entry.detail, lateByMs },
    },
  );
  await emitEvent(
    kit(trx),
    obligationMetLate,
    envelope(late, now, {
      ...obligationFacts(late),
      metAt: metAt.toISOString(),
      lateByMs,
      breachedAt: breachedAt!.toISOString(),
    }),
  );
  return late;
}
