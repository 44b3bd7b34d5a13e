import type { Transaction } from 'kysely';
import { quarterBounds, type CourtHierarchy } from '@jir/rules';
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
