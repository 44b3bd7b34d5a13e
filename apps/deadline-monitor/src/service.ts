// What the deadline monitor is made of, for main.ts and the tests alike: the kit starts it
// (config → database → bus → parts → listen); this names what is its own: the consumers of
// intake's and reporting's events, the scheduler, the calendar in force.
import { STREAMS } from '@jir/contracts';
import type { ClaimWorker, ServiceParts, ServiceSpec } from '@jir/service-kit';
import { createApp } from './app.js';
import { CalendarInForce } from './calendar/calendar-in-force.js';
import { CalendarService } from './calendar/calendar.service.js';
import type { DeadlineConfig } from './config.js';
import { deadlineMigrations } from './db/migrations/index.js';
import type { DeadlineDB, DeadlineTables } from './db/schema.js';
import { deadlineConsumerDefinitions } from './obligations/deadline-consumers.js';
import type { PeriodSettings } from './obligations/obligation-periods.js';
import { ObligationsService } from './obligations/obligations.service.js';
import { createDeadlineScheduler } from './scheduler/deadline-scheduler.js';

/** What tests tune; a deployment uses the defaults. */
export interface DeadlineTuning {
  /** false: the scheduler is built but not started (tests drive it with runOnce). */
  runScheduler?: boolean;
}

/** The deadline monitor's parts, with the scheduler the tests reach through the handle. */
export interface DeadlineParts extends ServiceParts<DeadlineTables> {
  scheduler: ClaimWorker<DeadlineDB, unknown>;
}

/** The settings of periods the configuration makes. */
export function periodSettings(config: DeadlineConfig): PeriodSettings {
  return {
    severeEscalationHours: config.SEVERE_ESCALATION_HOURS,
    committeeReportDays: config.COMMITTEE_REPORT_DAYS,
    reminderWorkingDays: {
      entry: config.REMINDER_WORKING_DAYS_ENTRY,
      copy: config.REMINDER_WORKING_DAYS_COPY,
      'severe-escalation': config.REMINDER_WORKING_DAYS_SEVERE_ESCALATION,
      'quarterly-report': config.REMINDER_WORKING_DAYS_QUARTERLY_REPORT,
      'committee-report': config.REMINDER_WORKING_DAYS_COMMITTEE_REPORT,
    },
  };
}

/** The deadline monitor as startService and runService take it. */
export function deadlineService(
  config: DeadlineConfig,
  tuning: DeadlineTuning = {},
): ServiceSpec<DeadlineTables, Record<never, never>, DeadlineConfig, DeadlineParts> {
  return {
    config,
    migrations: deadlineMigrations,
    produces: STREAMS.deadlines,
    parts: (ctx) => {
      const settings = periodSettings(config);
      const calendar = new CalendarInForce();
      const scheduler = createDeadlineScheduler({
        db: ctx.db,
        clock: ctx.clock,
        logger: ctx.logger,
        courts: ctx.courts,
        calendar,
        settings,
        batchSize: config.SCHEDULER_BATCH_SIZE,
        idleMs: config.SCHEDULER_IDLE_MS,
      });
      const wakeScheduler = () => scheduler.wake();
      const obligations = new ObligationsService({
        db: ctx.db,
        clock: ctx.clock,
        courts: ctx.courts,
        relay: ctx.relay,
      });
      const calendarService = new CalendarService({
        db: ctx.db,
        clock: ctx.clock,
        logger: ctx.logger,
        calendar,
        settings,
        courts: ctx.courts,
        relay: ctx.relay,
        wakeScheduler,
      });
      return {
        scheduler: scheduler as ClaimWorker<DeadlineDB, unknown>,
        consumers: deadlineConsumerDefinitions({
          settings,
          calendar,
          courts: ctx.courts,
          clock: ctx.clock,
          logger: ctx.logger,
          wakeScheduler,
        }),
        jobs:
          tuning.runScheduler === false
            ? []
            : [{ name: scheduler.name, start: () => scheduler.start(), stop: () => scheduler.stop() }],
        app: createApp({ ...ctx, obligations, calendar: calendarService }),
      };
    },
  };
}
