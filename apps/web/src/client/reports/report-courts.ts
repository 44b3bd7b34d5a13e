import { can, DEFAULT_COURTS, type Actor } from '@jir/rules';

/**
 * The courts whose reports the actor may generate ('reporting') or read ('viewing'): their own
 * and those below it, each asked of can() as the reporting service does.
 */
export function reportCourts(a: Actor, operation: 'reporting' | 'viewing'): { code: string; name: string }[] {
  return DEFAULT_COURTS.courts
    .filter(
      (c) => c.code === a.court || (DEFAULT_COURTS.has(a.court) && DEFAULT_COURTS.isBelow(c.code, a.court)),
    )
    .filter((c) => can(a, operation, { kind: 'report', court: c.code }))
    .map((c) => ({ code: c.code, name: c.name }));
}
