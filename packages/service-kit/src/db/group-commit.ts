import type { Kysely, Transaction } from 'kysely';
import {
  currentIdempotencyClaim,
  markIdempotentAnswerStored,
  storeIdempotentAnswer,
  type IdempotencyClaim,
} from '../http/idempotency.js';
import { isDatabaseUnavailable } from './database-unavailable.js';
import type { KitTables } from './kit-tables.js';

export interface GroupCommitOptions<DB extends KitTables, Item> {
  db: Kysely<DB>;
  /**
   * Writes every item of one batch inside the given transaction, ideally in one
   * statement. Throws when any item cannot be written; the batch is then split
   * until the item that fails is alone.
   */
  write: (trx: Kysely<DB>, items: readonly Item[]) => Promise<void>;
  /**
   * `write` issues exactly one statement, which PostgreSQL makes atomic by
   * itself: a batch with no idempotent answer to store then runs it without
   * BEGIN and COMMIT, two round trips fewer per batch.
   */
  oneStatement?: boolean;
  /** Most items sharing one transaction. */
  maxBatch?: number;
  /** Batches committing at the same time, each on its own connection. */
  maxInFlight?: number;
  /** Nudged after each commit so the batch's events leave at once. */
  relay?: { wake(): void } | undefined;
  /**
   * Called with the items of each batch once it committed, in place of the
   * relay's wake: to hand the batch's events to the relay directly
   * (`OutboxRelay.handOff`).
   */
  committed?: ((items: readonly Item[]) => void) | undefined;
}

interface Pending<Item> {
  item: Item;
  /** The answer a retry with the same Idempotency-Key gets, stored in the transaction of the item. */
  answer: { claim: IdempotencyClaim; body: unknown } | undefined;
  resolve: () => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit: changes that arrive while earlier ones are committing share
 * the next transaction, so that many requests pay for one commit (one BEGIN,
 * one write, one COMMIT and its flush to disk; with `oneStatement`, the write
 * alone) instead of one each.
 *
 * - `submit` resolves only after the transaction holding its item committed:
 *   a request answered is a request durable.
 * - An item that fails never fails its neighbours: a failed batch is split in
 *   halves, each tried on its own, until the failing item is alone and gets
 *   its own error; the others commit. A failing database is not an item's
 *   failure: the whole batch gets its error (isDatabaseUnavailable).
 *   A statement timeout counts as that, even if one item's lock wait caused it.
 * - With little traffic a batch holds one item and starts at once: nothing
 *   waits for a timer.
 * - An `Idempotency-Key` claim of the submitting request (as with
 *   `UnitOfWork.run`) is answered in the same transaction as its item.
 *
 * `write` may run more than once for an item (when its batch is split), so it
 * must do nothing outside the transaction.
 */
export class GroupCommit<DB extends KitTables, Item> {
  private readonly queue: Pending<Item>[] = [];
  private inFlight = 0;
  private readonly maxBatch: number;
  private readonly maxInFlight: number;

  constructor(private readonly o: GroupCommitOptions<DB, Item>) {
    this.maxBatch = o.maxBatch ?? 128;
    this.maxInFlight = o.maxInFlight ?? 2;
  }

  /**
   * Writes `item` in the next shared transaction; resolves once it committed.
   * `answer` is what a retry with the request's Idempotency-Key gets back.
   */
  submit(item: Item, answer?: unknown): Promise<void> {
    const claim = currentIdempotencyClaim();
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ item, answer: claim ? { claim, body: answer } : undefined, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.inFlight++;
      void this.commit(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async commit(batch: Pending<Item>[]): Promise<void> {
    const statuses = new Map<Pending<Item>, number>();
    const items = batch.map((p) => p.item);
    // What failed inside the transaction: kysely throws ROLLBACK's own error instead when the
    // rollback fails too (a lost connection), which would hide what happened.
    let cause: unknown;
    try {
      if (this.o.oneStatement && batch.every((p) => !p.answer)) await this.o.write(this.o.db, items);
      else
        await this.o.db.transaction().execute(async (trx) => {
          try {
            await this.o.write(trx, items);
            // The kit's tables are part of every service's schema; kysely cannot see that through a generic.
            const kit = trx as unknown as Transaction<KitTables>;
            for (const p of batch) {
              if (!p.answer) continue;
              const status = p.answer.claim.res.statusCode;
              statuses.set(p, status);
              await storeIdempotentAnswer(kit, p.answer.claim, p.answer.body, status);
            }
          } catch (e) {
            cause = e;
            throw e;
          }
        });
    } catch (thrown) {
      const e = cause ?? thrown;
      // A database that failed says nothing of the items: split, each half would wait its turn for
      // the same fate (a batch of 128, up to 255 attempts in a row, each waiting for its own
      // statement timeout). Each item gets the error at once, and its request a 503.
      if (batch.length === 1 || isDatabaseUnavailable(e)) {
        for (const p of batch) p.reject(e);
        return;
      }
      // One of them could not be written: each half on its own, one after the
      // other, so the failing item ends alone and its neighbours commit.
      const half = Math.ceil(batch.length / 2);
      await this.commit(batch.slice(0, half));
      await this.commit(batch.slice(half));
      return;
    }
    for (const p of batch) {
      if (p.answer) markIdempotentAnswerStored(p.answer.claim, p.answer.body, statuses.get(p)!);
    }
    if (this.o.committed) this.o.committed(items);
    else this.o.relay?.wake();
    for (const p of batch) p.resolve();
  }
}
