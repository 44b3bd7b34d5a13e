import type { LegalCalendar } from '@jir/rules';
import type { ObligationRow } from '../obligations/obligations.repository.js';
import { scheduleOf, type PeriodSettings, type Schedule } from '../obligations/obligation-periods.js';

/**
 * What a calendar does to one open duty (R-DL-3): nothing; a restated reason only (still waiting
 * for a year nobody loaded, the reason's list of covered years moved: not a recomputation, no
 * history entry); or a new schedule. Loading a year and previewing the load both ask this, so the
 * preview shows exactly what the load will do.
 */
export type CalendarEffect =
  { kind: 'none' } | { kind: 'restate'; pendingReason: string } | { kind: 'reschedule'; schedule: Schedule };

export function calendarEffect(
  row: ObligationRow,
  settings: PeriodSettings,
  calendar: LegalCalendar,
): CalendarEffect {
  const s = scheduleOf({ kind: row.kind, startsAt: row.starts_at, quarter: row.quarter }, settings, calendar);
  const newDue = s.dueAt?.getTime() ?? null;
  const oldDue = row.due_at?.getTime() ?? null;
  if (newDue === oldDue && (s.pendingReason ?? null) === row.pending_reason) return { kind: 'none' };
  if (newDue === null && oldDue === null && s.pendingReason && row.pending_reason)
    return { kind: 'restate', pendingReason: s.pendingReason };
  return { kind: 'reschedule', schedule: s };
}
