import type { Clock, Logger } from '@jir/service-kit';
import type { Transaction } from 'kysely';
import type { ReportingDB } from '../db/schema.js';
import { markAttemptFailed, type RetriedTable } from './deliveries.repository.js';

/** The wait before the next attempt of a row that failed `attempts` times: doubling, capped. */
export function retryDelayMs(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(baseMs * 2 ** Math.min(Math.max(attempts - 1, 0), 30), maxMs);
}

/**
 * A failed attempt of a row that is tried until the other side takes it:
 * the next try pushed back with backoff, the error kept on the row. Logged
 * at the first failure and every tenth, so a peer down for days does not
 * flood the log.
 */
export async function retryLater(
  trx: Transaction<ReportingDB>,
  table: RetriedTable,
  row: { id: string; attempts: number },
  error: unknown,
  o: {
    clock: Clock;
    idleMs: number;
    backoffMaxMs: number;
    log: Logger;
    /** What failed, for the log: 'delivery', 'acknowledgement push'. */
    what: string;
    about: Record<string, unknown>;
  },
): Promise<void> {
  const attempts = row.attempts + 1;
  const message = (error as Error).message;
  const next = new Date(o.clock.now().getTime() + retryDelayMs(attempts, o.idleMs, o.backoffMaxMs));
  if (attempts === 1 || attempts % 10 === 0)
    o.log.warn({ ...o.about, attempts, err: message }, `${o.what} failed; will retry`);
  await markAttemptFailed(trx, row.id, message, next, table);
}
