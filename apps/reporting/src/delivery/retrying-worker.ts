import { ClaimWorker, type Claim } from '@jir/service-kit';
import type { Transaction } from 'kysely';
import type { ReportingDB } from '../db/schema.js';
import type { RetriedTable } from './deliveries.repository.js';
import type { DeliveryWorkerDeps } from './delivery-worker.js';
import { retryLater } from './retry-later.js';

/** What one kind of row tried until the other side takes it needs of a {@link retryingWorker}. */
export interface RetriedRows<Row extends { id: string; attempts: number }> {
  /** The background job's name. */
  name: string;
  /** The logger's module, and what a failure is called in the log ('delivery'). */
  module: string;
  what: string;
  table: RetriedTable;
  claim: Claim<ReportingDB, Row>;
  /** Sends one row and marks it done, in the pass's transaction; a throw retries it later. */
  send: (trx: Transaction<ReportingDB>, row: Row) => Promise<void>;
  /** What the failure log names of the row. */
  about: (row: Row) => Record<string, unknown>;
  /** After a pass that sent at least one row. */
  afterSent?: () => void;
}

/**
 * A worker over rows tried until the other side takes them (deliveries,
 * acknowledgement pushes): ten due rows a pass, each sent and marked in the
 * pass's transaction; a row that fails is pushed back with backoff without
 * holding up the others.
 */
export function retryingWorker<Row extends { id: string; attempts: number }>(
  d: DeliveryWorkerDeps,
  rows: RetriedRows<Row>,
): ClaimWorker<ReportingDB, Row> {
  const log = d.logger.child({ module: rows.module });
  return new ClaimWorker<ReportingDB, Row>({
    name: rows.name,
    db: d.db,
    logger: d.logger,
    clock: d.clock,
    batchSize: 10,
    idleMs: d.idleMs,
    claim: rows.claim,
    async process(due, db) {
      const trx = db as Transaction<ReportingDB>;
      let sentSome = false;
      for (const row of due) {
        try {
          await rows.send(trx, row);
          sentSome = true;
        } catch (e) {
          await retryLater(trx, rows.table, row, e, { ...d, log, what: rows.what, about: rows.about(row) });
        }
      }
      if (sentSome) rows.afterSent?.();
    },
  });
}
