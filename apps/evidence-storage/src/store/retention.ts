/**
 * Retention dates as radosgw can keep them. Measured on radosgw 16.2: a
 * retain-until date is stored as 32-bit seconds, so anything after
 * 2106-02-07T06:28:15Z wraps to 1970 onwards, and the "locked" version becomes
 * deletable (100 years from 2026 read back as 1990). Every date this service
 * asks for is therefore capped below that (R-EV-3).
 */
export const STORE_LAST_REPRESENTABLE = new Date('2106-02-07T06:28:15Z');

/** The retain-until date for a version written at `now`: the configured period, capped. */
export function retainUntilFor(now: Date, years: number, cap: Date): Date {
  const wanted = new Date(now);
  wanted.setUTCFullYear(wanted.getUTCFullYear() + years);
  return wanted < cap ? wanted : cap;
}

/** The bucket's default period in days, as S3 reports it (Days or Years). */
export function defaultPeriodDays(lock: { unit?: string; validity?: number }): number | null {
  if (!lock.validity) return null;
  return lock.unit === 'Years' ? lock.validity * 365 : lock.unit === 'Days' ? lock.validity : null;
}
