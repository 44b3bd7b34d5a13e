import type { Kysely } from 'kysely';
import { buildEvent, obligationBreached, obligationReminded } from '@jir/contracts';
import { quarterOf, type CourtHierarchy } from '@jir/rules';
import { ClaimWorker, outboxRow, type Clock, type Logger } from '@jir/service-kit';
import type { CalendarInForce } from '../calendar/calendar-in-force.js';
import type { DeadlineDB } from '../db/schema.js';
import { MONITOR_ACTOR, obligationFacts } from '../obligations/obligation-lifecycle.js';
import type { PeriodSettings } from '../obligations/obligation-periods.js';
import type { ObligationRow } from '../obligations/obligations.repository.js';
import { openQuarterDuties, quartersToOpen } from './quarter-duties.js';
import {
  claimDue,
  claimRemindable,
  lastSeededQuarter,
  markBatch,
  markQuarterSeeded,
} from './scheduler.repository.js';

/** A claimed obligation and what falls due for it. */
interface Claimed {
  action: 'breached' | 'reminded';
  row: ObligationRow;
}

/** Options of {@link createDeadlineScheduler}. */
export interface SchedulerOptions {
  db: Kysely<DeadlineDB>;
  clock: Clock;
  logger: Logger;
  courts: CourtHierarchy;
  calendar: CalendarInForce;
  settings: PeriodSettings;
  batchSize: number;
  idleMs: number;
}

/**
 * The scheduler (R-DL-5, R-DL-6): claims due obligations with SKIP LOCKED,
 * marks them breached (or reminded) and writes the event in the same
 * transaction, so each is emitted once whatever restarts happen: a state that
 * left `pending` (or a set `reminded_at`) is never claimed again, and a crash
 * before the commit leaves the rows to the next pass. A deadline that passed
 * while no instance ran is simply due at the next pass. Each pass also opens
 * the current quarter's report duties once, and those of quarters that passed
 * while no instance ran.
 */
export function createDeadlineScheduler(o: SchedulerOptions): ClaimWorker<DeadlineDB, Claimed> {
  const log = o.logger.child({ module: 'deadline-scheduler' });
  let seeded = '';
  return new ClaimWorker<DeadlineDB, Claimed>({
    name: 'deadline scheduler',
    db: o.db,
    logger: o.logger,
    clock: o.clock,
    batchSize: o.batchSize,
    idleMs: o.idleMs,
    claim: async (trx, { now, limit }) => {
      const quarter = quarterOf(now);
      if (seeded !== quarter) {
        for (const q of quartersToOpen(await lastSeededQuarter(trx), quarter)) {
          // The marker row serialises instances: only the one that inserted it opens the duties.
          if (!(await markQuarterSeeded(trx, q, now))) continue;
          const calendar = await o.calendar.current(trx);
          await openQuarterDuties(trx, q, o.courts, { calendar, settings: o.settings, now });
          log.info({ quarter: q, late: q !== quarter }, 'report duties of the quarter opened');
        }
        seeded = quarter;
      }
      const due = await claimDue(trx, now, limit);
      const remind = await claimRemindable(trx, now, limit - due.length);
      return [
        ...due.map((row) => ({ action: 'breached' as const, row })),
        ...remind.map((row) => ({ action: 'reminded' as const, row })),
      ];
    },
    process: async (claimed, trx, { now }) => {
      for (const action of ['breached', 'reminded'] as const) {
        const rows = claimed.filter((c) => c.action === action).map((c) => c.row);
        const outbox = rows.map((row) => {
          const event =
            action === 'breached'
              ? buildEvent(obligationBreached, {
                  court: row.court,
                  aggregateId: row.id,
                  actor: MONITOR_ACTOR,
                  occurredAt: now,
                  data: { ...obligationFacts(row), breachedAt: now.toISOString() },
                })
              : buildEvent(obligationReminded, {
                  court: row.court,
                  aggregateId: row.id,
                  actor: MONITOR_ACTOR,
                  occurredAt: now,
                  data: obligationFacts(row),
                });
          return outboxRow(action === 'breached' ? obligationBreached : obligationReminded, event);
        });
        await markBatch(
          trx as never,
          action,
          rows.map((r) => r.id),
          now,
          outbox,
        );
        if (rows.length) log.info({ [action]: rows.length }, `obligations ${action}`);
      }
    },
  });
}
