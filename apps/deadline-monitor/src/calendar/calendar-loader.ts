import type { RequestHandler } from 'express';
import { can, type CourtHierarchy } from '@jir/rules';
import { ctx, problem } from '@jir/service-kit';

/**
 * Who may load a year of the legal calendar. The arrangement is the State
 * Council's, the same for every court, and one deployment computes every
 * court's deadlines from the one calendar it holds: a year loaded by a basic
 * court would move the deadlines of all the others. So the calendar belongs
 * to the deployment's reporting hub (Art 8: the intermediate court's trial
 * management office, which also manages the system, Art 14), and `can()` is
 * asked about the calendar at the hub's court: only the hub's trial
 * management loads it. Everyone keeps reading it.
 */
export function calendarLoader(courts: CourtHierarchy): RequestHandler {
  const hub = courts.reportingHub;
  const hubName = courts.has(hub) ? courts.get(hub).name : hub;
  return (_req, res, next) => {
    const actor = ctx(res).actor;
    if (!actor) return next(problem('unauthenticated'));
    if (can(actor, 'processing', { kind: 'calendar', court: hub }, courts)) return next();
    next(
      problem('forbidden', {
        message: {
          zh: `法定节假日安排适用于本系统的所有法院，由${hubName}审判管理部门统一导入`,
          en: `the legal calendar serves every court of this deployment and is loaded by the trial management of ${hub} (${hubName}) only`,
        },
      }),
    );
  };
}
