import type { Transaction } from 'kysely';
import { quarterBounds, quarterOf, type CourtHierarchy } from '@jir/rules';
import type { DeadlineDB } from '../db/schema.js';
import { openObligation, type LifecycleContext } from '../obligations/obligation-lifecycle.js';
import { reportDuty } from '../obligations/subject-keys.js';

/**
 * The courts of this deployment that report: the reporting hub and every
 * court below it (courts above it run their own deployments).
 */
export function reportingCourts(courts: CourtHierarchy) {
  return courts.courts.filter(
    (c) => c.code === courts.reportingHub || courts.isBelow(c.code, courts.reportingHub),
  );
}

/**
 * A quarter's report duties (R-DL-2, Art 8): each court's quarterly analysis
 * to the court one level up, level by level to the hub (the hub's own goes to
 * no court here), and each court's report to its region's political-legal
 * committee. The periods run from the quarter's end.
 */
export async function openQuarterDuties(
  trx: Transaction<DeadlineDB>,
  quarter: string,
  courts: CourtHierarchy,
  c: LifecycleContext,
): Promise<void> {
  const startsAt = quarterBounds(quarter).end;
  for (const court of reportingCourts(courts)) {
    if (court.code !== courts.reportingHub && court.parent) {
      await openObligation(
        trx,
        {
          subjectKey: reportDuty('quarterly-report', court.code, quarter, court.parent),
          kind: 'quarterly-report',
          court: court.code,
          startsAt,
          quarter,
          level: court.parent,
          cause: `quarter ${quarter}`,
        },
        c,
      );
    }
    await openObligation(
      trx,
      {
        subjectKey: reportDuty('committee-report', court.code, quarter, court.committee.code),
        kind: 'committee-report',
        court: court.code,
        startsAt,
        quarter,
        level: court.committee.code,
        cause: `quarter ${quarter}`,
      },
      c,
    );
  }
}

/**
 * The quarters whose report duties are still to be opened, oldest first: those after the last
 * one opened up to the current one (quarters that passed while no instance ran are opened
 * late, once), or only the current one on a fresh deployment (it invents no past duties).
 */
export function quartersToOpen(last: string | undefined, current: string): string[] {
  if (last === undefined) return [current];
  const out: string[] = [];
  // Quarter strings ('2026-Q1') sort as time does; the next one starts where this one ends.
  for (let q = quarterOf(quarterBounds(last).end); q <= current; q = quarterOf(quarterBounds(q).end))
    out.push(q);
  return out;
}
