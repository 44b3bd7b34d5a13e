import type { Kysely } from 'kysely';
import { ClaimWorker, type Clock, type Logger, type OutboxRelay } from '@jir/service-kit';
import type { EvidenceDB } from '../db/schema.js';
import type { ObjectStore } from '../store/object-store.js';
import { recordIntegrityFailure } from './integrity-failure.js';
import {
  claimDueObjects,
  recordCheckPassed,
  scheduleCheck,
  scheduleNewObjects,
  type DueObject,
} from './integrity.repository.js';
import { StoreUnavailableError, verifyStoredObject } from './object-check.js';

/** The actor of checks the service runs by itself. */
export const INTEGRITY_JOB_ACTOR = 'system:integrity-job';

/** Options of {@link createIntegrityJob}. */
export interface IntegrityJobOptions {
  db: Kysely<EvidenceDB>;
  store: ObjectStore;
  clock: Clock;
  logger: Logger;
  relay?: OutboxRelay;
  /** Each object is re-read once per interval (INTEGRITY_CHECK_HOURS). */
  intervalMs: number;
  /** How long a claimed object is left to one instance before another may take it (default 1 h). */
  leaseMs?: number;
  /** Objects per claim (default 10: a claim is a promise to read them all soon). */
  batchSize?: number;
  /** How often to look for due objects when none are (default 1 min). */
  idleMs?: number;
}

/**
 * The periodic integrity check (R-EV-3), claimed per object: each instance
 * takes due objects with SKIP LOCKED, re-reads them and schedules each one's
 * next check an interval later, so several instances split the work instead
 * of each re-reading everything. Failures are recorded, published and logged;
 * a store that cannot be reached releases what was claimed and backs off
 * (a plain error: nothing here answers HTTP).
 */
export function createIntegrityJob(o: IntegrityJobOptions): ClaimWorker<EvidenceDB, DueObject> {
  const log = o.logger.child({ module: 'integrity-job' });
  return new ClaimWorker<EvidenceDB, DueObject>({
    name: 'integrity job',
    db: o.db,
    logger: o.logger,
    clock: o.clock,
    batchSize: o.batchSize ?? 10,
    idleMs: o.idleMs ?? 60_000,
    backoff: { baseMs: 1_000, maxMs: 5 * 60_000 },
    // Reading a large object takes long: the claim leases, it does not hold a lock meanwhile.
    lockWhileProcessing: false,
    claim: async (trx, { now, limit }) => {
      await scheduleNewObjects(trx, o.intervalMs);
      const lease = new Date(now.getTime() + (o.leaseMs ?? 3_600_000));
      return (await claimDueObjects(now, lease, limit).execute(trx)).rows;
    },
    process: async (rows, db) => {
      let failures = 0;
      for (const [i, row] of rows.entries()) {
        let problem;
        try {
          problem = await verifyStoredObject(o.store, row);
        } catch (e) {
          if (!(e instanceof StoreUnavailableError)) throw e;
          // Nothing can be said about these objects: due again at once, after the backoff.
          await scheduleCheck(
            db,
            rows.slice(i).map((r) => r.id),
            o.clock.now(),
          );
          throw e;
        }
        const now = o.clock.now();
        if (problem) {
          failures++;
          await recordIntegrityFailure({ db, clock: o.clock, logger: log }, row, problem, {
            sub: INTEGRITY_JOB_ACTOR,
          });
          await scheduleCheck(db, [row.id], new Date(now.getTime() + o.intervalMs));
        } else {
          // The custody entry and the next date together: a crash cannot record a check twice.
          await db.transaction().execute(async (trx) => {
            await recordCheckPassed(trx, row.id, INTEGRITY_JOB_ACTOR, now);
            await scheduleCheck(trx, [row.id], new Date(now.getTime() + o.intervalMs));
          });
        }
      }
      if (failures) o.relay?.wake();
      log.info({ checked: rows.length, failures }, 'integrity check pass done');
    },
  });
}
