import type { Kysely } from 'kysely';
import {
  obligationMet,
  obligationMetLate,
  obligationRescheduled,
  type calendarYearBodySchema,
} from '@jir/contracts';
import { can, DEFAULT_CALENDAR, isCivilDate, type Actor, type CourtHierarchy } from '@jir/rules';
import { problem, type Clock, type Logger, type OutboxRelay } from '@jir/service-kit';
import type { z } from 'zod';
import { auditedUnitOfWork, type AuditedUnitOfWork } from '../audited-unit-of-work.js';
import type { DeadlineDB } from '../db/schema.js';
import { MONITOR_ACTOR, obligationFacts } from '../obligations/obligation-lifecycle.js';
import { obligationResource } from '../obligations/obligations.service.js';
import type { PeriodSettings } from '../obligations/obligation-periods.js';
import {
  lockRecomputable,
  readRecomputable,
  restatePendingReason,
  updateObligation,
} from '../obligations/obligations.repository.js';
import type { CalendarInForce } from './calendar-in-force.js';
import { calendarEffect } from './calendar-change.js';
import { loadedYears, saveYear } from './calendar.repository.js';

/** What the calendar API needs. */
export interface CalendarDeps {
  db: Kysely<DeadlineDB>;
  clock: Clock;
  logger: Logger;
  calendar: CalendarInForce;
  settings: PeriodSettings;
  /** Whose duties a preview may show in detail (can() with the court hierarchy). */
  courts: CourtHierarchy;
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

  /**
   * What loading the year would do, without loading it (R-DL-3): every court's count of duties
   * whose due date would move, and those the caller may read with their dates before and after.
   * The calendar is built here from the years loaded so far plus this one, never through the
   * shared calendar in force, which other requests read meanwhile.
   */
  async preview(actor: Actor, year: number, body: z.output<typeof calendarYearBodySchema>) {
    refuseOutsideYear(year, body);
    const others = (await loadedYears(this.d.db)).filter((y) => y.year !== year);
    const calendar = DEFAULT_CALENDAR.withOverrides([
      ...others,
      {
        year,
        holidays: body.holidays,
        makeUpWorkdays: body.makeUpWorkdays,
        loadedBy: actor.sub,
        loadedAt: this.d.clock.now(),
      },
    ]);
    const moved = (await readRecomputable(this.d.db, year)).flatMap((row) => {
      const effect = calendarEffect(row, this.d.settings, calendar);
      return effect.kind === 'reschedule' ? [{ row, to: effect.schedule.dueDate ?? null }] : [];
    });
    const byCourt = new Map<string, number>();
    for (const { row } of moved) byCourt.set(row.court, (byCourt.get(row.court) ?? 0) + 1);
    return {
      year,
      total: moved.length,
      byCourt: [...byCourt]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([court, count]) => ({ court, count })),
      changes: moved
        .filter(({ row }) => can(actor, 'viewing', obligationResource(row), this.d.courts))
        .map(({ row, to }) => ({
          obligationId: row.id,
          court: row.court,
          kind: row.kind,
          recordId: row.record_id,
          handler: row.handler,
          fromDueDate: row.due_date,
          toDueDate: to,
        })),
    };
  }

  /** Loads (or replaces) a year and recomputes the open obligations it changes. */
  async load(actor: Actor, year: number, body: z.output<typeof calendarYearBodySchema>) {
    refuseOutsideYear(year, body);

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
        const effect = calendarEffect(row, this.d.settings, calendar);
        if (effect.kind === 'none') continue;
        if (effect.kind === 'restate') {
          await restatePendingReason(w.trx, row.id, effect.pendingReason);
          continue;
        }
        const s = effect.schedule;
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

/** A year's dates lie in that year, and no day is both a holiday and a make-up working day. */
function refuseOutsideYear(year: number, body: z.output<typeof calendarYearBodySchema>): void {
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
}
