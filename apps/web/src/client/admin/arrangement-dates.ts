import { DEFAULT_CALENDAR, deadline, type CalendarYear as RulesYear, type LegalCalendar } from '@jir/rules';
import type { Obligation } from '../deadlines/deadlines-api.js';

/** An open obligation whose due date the new arrangement would change. */
export interface DueDateChange {
  obligation: Obligation;
  before: string | null;
  after: string | null;
}

/** Dates written one per line, or separated by commas, spaces or 、. */
export function parseDates(text: string): string[] {
  return text
    .split(/[\s,，、]+/)
    .map((d) => d.trim())
    .filter(Boolean);
}

/**
 * The open obligations whose due date changes when `year` is loaded, computed with deadline() of
 * @jir/rules, the function the deadline monitor recomputes with. `base` is the calendar in force
 * (the built-in one with the years the court loaded). Committee reports are left to the service:
 * their period is the deployment's setting, which the browser does not know.
 */
export function dueDateChanges(
  open: Obligation[],
  year: RulesYear,
  base: LegalCalendar = DEFAULT_CALENDAR,
): DueDateChange[] {
  const calendar = base.withOverrides([year]);
  const out: DueDateChange[] = [];
  for (const o of open) {
    if (o.state !== 'pending') continue;
    let after: string | null;
    try {
      if (o.kind === 'entry' || o.kind === 'copy') after = deadline(o.kind, o.startsAt, { calendar }).dueDate;
      else if (o.kind === 'quarterly-report' && o.quarter)
        after = deadline('quarterly-report', o.quarter, { calendar }).dueDate;
      else continue;
    } catch {
      // Still not covered (a period reaching the year after): the service keeps it pending too.
      after = null;
    }
    if (after !== o.dueDate) out.push({ obligation: o, before: o.dueDate, after });
  }
  return out;
}
