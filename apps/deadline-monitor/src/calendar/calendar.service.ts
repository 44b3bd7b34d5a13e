import type { Kysely } from 'kysely';
import {
  obligationMet,
  obligationMetLate,
  obligationRescheduled,
  type calendarYearBodySchema,
} from '@jir/contracts';
import { isCivilDate, type Actor } from '@jir/rules';
import { problem, type Clock, type Logger, type OutboxRelay } from '@jir/service-kit';
import type { z } from 'zod';
import { auditedUnitOfWork, type AuditedUnitOfWork } from '../audited-unit-of-work.js';
import type { DeadlineDB } from '../db/schema.js';
import { MONITOR_ACTOR, obligationFacts } from '../obligations/obligation-lifecycle.js';
import { scheduleOf, type PeriodSettings } from '../obligations/obligation-periods.js';
import {
  lockRecomputable,
  restatePendingReason,
  updateObligation,
} from '../obligations/obligations.repository.js';
import type { CalendarInForce } from './calendar-in-force.js';
import { saveYear } from './calendar.repository.js';

/** What the calendar API needs. */
export interface CalendarDeps {
  db: Kysely<DeadlineDB>;
  clock: Clock;
  logger: Logger;
  calendar: CalendarInForce;
  settings: PeriodSettings;
  relay?: OutboxRelay | undefined;
  /** Nudges the scheduler after deadlines moved. */
  wakeScheduler?: () => void;
}

/**
 * The legal calendar as data this service owns (R-DL-3): the built-in years
 * plus the years trial management loads. Loading a year recomputes the open
 * obligations whose deadline it changes, in the same transaction, and logs
 * each change with the old and new due date.
 */
export class CalendarService {
  private readonly uow: AuditedUnitOfWork;
  private readonly log: Logger;
  constructor(private readonly d: CalendarDeps) {
    this.uow = auditedUnitOfWork(d);
    this.log = d.logger.child({ module: 'calendar' });
  }

  /** A year of the calendar in force, or 404 when no calendar covers it. */
  async read(year: number) {
    const calendar = await this.d.calendar.current(this.d.db);
    const loaded = this.d.calendar.loadedYears.find((y) => y.year === year);
    if (loaded)
      return {
        year,
        holidays: loaded.holidays,
        makeUpWorkdays: loaded.makeUpWorkdays,
        source: 'loaded' as const,
        loadedBy: loaded.loadedBy,
        loadedAt: loaded.loadedAt.toISOString(),
      };
    const builtIn = calendar.arrangement(year);
    if (!builtIn)
      throw problem({
        status: 404,
        code: 'calendar-not-covered',
        message: {
          zh: `法定节假日安排未覆盖 ${year} 年，请先导入该年安排`,
          en: `the legal calendar does not cover ${year}; load the State Council's arrangement for it first`,
        },
      });
    // As the data set lists it, so a court checks it line by line against the State Council's notice.
    return {
      year,
      holidays: [...builtIn.holidays],
      makeUpWorkdays: [...builtIn.makeUpWorkdays],
      source: 'built-in' as const,
    };
  }

  /** Loads (or replaces) a year and recomputes the open obligations it changes. */
  async load(actor: Actor, year: number, body: z.output<typeof calendarYearBodySchema>) {
    const errors = [
      ...body.holidays.map((d, i) => ({ d, path: `holidays.${i}` })),
      ...body.makeUpWorkdays.map((d, i) => ({ d, path: `makeUpWorkdays.${i}` })),
    ]
      .filter(({ d }) => !isCivilDate(d) || !d.startsWith(`${year}-`))
      .map(({ path }) => ({
        path,
        code: 'not-in-year',
        message: { zh: `日期须在 ${year} 年内`, en: `the date must lie in ${year}` },
      }));
    const both = body.holidays.filter((d) => body.makeUpWorkdays.includes(d));
    for (const d of both)
      errors.push({
        path: 'makeUpWorkdays',
        code: 'both',
        message: {
          zh: `${d} 不能既是假日又是调休工作日`,
          en: `${d} cannot be both a holiday and a make-up working day`,
        },
      });
    if (errors.length) throw problem('validation-failed', { errors });

    const result = await this.uow.run(async (w) => {
      await saveYear(w.trx, {
        year,
        holidays: body.holidays,
        makeUpWorkdays: body.makeUpWorkdays,
        loadedBy: actor.sub,
        loadedAt: w.now,
      });
      const calendar = await this.d.calendar.current(w.trx);
      let recomputed = 0;
      for (const row of await lockRecomputable(w.trx, year)) {
        const s = scheduleOf(
          { kind: row.kind, startsAt: row.starts_at, quarter: row.quarter },
          this.d.settings,
          calendar,
        );
        const newDue = s.dueAt?.getTime() ?? null;
        const oldDue = row.due_at?.getTime() ?? null;
        if (newDue === oldDue && (s.pendingReason ?? null) === row.pending_reason) continue;
        // Still waiting for a year nobody loaded: only the reason's list of covered years moved.
        // Not a recomputation (no history entry, not counted), but the reason says what is covered now.
        if (newDue === null && oldDue === null && s.pendingReason && row.pending_reason) {
          await restatePendingReason(w.trx, row.id, s.pendingReason);
          continue;
        }
        recomputed++;
        const change = { from: row.due_date, to: s.dueDate ?? null, year };
        this.log.info(
          { obligation: row.id, kind: row.kind, oldDueDate: row.due_date, newDueDate: s.dueDate ?? null },
          'deadline recomputed after a calendar load',
        );
        let updated = await updateObligation(
          w.trx,
          row.id,
          {
            due_date: s.dueDate ?? null,
            due_at: s.dueAt ?? null,
            remind_at: s.remindAt ?? null,
            pending_reason: s.pendingReason ?? null,
          },
          { at: w.now.toISOString(), what: 'rescheduled', detail: change },
        );
        if (!updated.due_at) continue;
        await w.emit(obligationRescheduled, {
          court: updated.court,
          aggregateId: updated.id,
          actor: MONITOR_ACTOR,
          data: { ...obligationFacts(updated), previousDueAt: row.due_at?.toISOString() ?? null },
        });
        // Met while its deadline was unknown: now it can be said whether that was on time.
        if (updated.met_at && updated.late_by_ms === null) {
          const lateByMs = Math.max(0, updated.met_at.getTime() - updated.due_at.getTime());
          updated = await updateObligation(
            w.trx,
            row.id,
            { state: lateByMs ? 'met-late' : 'met', late_by_ms: lateByMs },
            {
              at: w.now.toISOString(),
              what: lateByMs ? 'met-late' : 'met',
              detail: { lateByMs },
            },
          );
          const data = { ...obligationFacts(updated), metAt: updated.met_at!.toISOString(), lateByMs };
          if (lateByMs)
            await w.emit(obligationMetLate, {
              court: updated.court,
              aggregateId: updated.id,
              actor: MONITOR_ACTOR,
              data: { ...data, breachedAt: updated.due_at!.toISOString() },
            });
          else
            await w.emit(obligationMet, {
              court: updated.court,
              aggregateId: updated.id,
              actor: MONITOR_ACTOR,
              data,
            });
        }
      }
      await w.audit({
        at: w.now,
        actor: actor.sub,
        court: actor.court,
        action: 'calendar.loaded',
        target: String(year),
        detail: { holidays: body.holidays.length, makeUpWorkdays: body.makeUpWorkdays.length, recomputed },
      });
      return recomputed;
    });
    this.d.wakeScheduler?.();
    return { ...(await this.read(year)), recomputed: result };
  }
}
