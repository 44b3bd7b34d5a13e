import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import type { buildEvent, EventDefinition, EventEnvelope } from '@jir/contracts';
import type { Clock } from '../clock.js';
import { emitEvent } from '../bus/outbox.js';
import {
  currentIdempotencyClaim,
  markIdempotentAnswerStored,
  storeIdempotentAnswer,
} from '../http/idempotency.js';
import type { KitTables } from './kit-tables.js';

/** Test hooks for crash simulation; never set in production. */
export interface UnitOfWorkFaults {
  /** Runs after the transaction committed and before anything else happens: a crash here must lose nothing. */
  afterCommit?: () => void | Promise<void>;
}

export interface UnitOfWorkOptions<DB extends KitTables, Audit> {
  db: Kysely<DB>;
  clock: Clock;
  /** Nudged after a commit so the events leave at once rather than at the next poll. */
  relay?: { wake(): void } | undefined;
  /** How this service writes an audit entry inside the transaction. */
  audit?: (trx: Transaction<DB>, entry: Audit) => Promise<void>;
  faults?: UnitOfWorkFaults;
}

type EventFields<D extends z.ZodType> = Omit<Parameters<typeof buildEvent<D>>[1], 'occurredAt'> & {
  occurredAt?: Date;
};

/** What a change can do inside its transaction. */
export interface Work<DB extends KitTables, Audit> {
  readonly trx: Transaction<DB>;
  /** The one instant of this change: events, audit and rows agree on it. */
  readonly now: Date;
  /** Builds an event (validated by its schema) and writes it to the outbox; `occurredAt` defaults to `now`. */
  emit<D extends z.ZodType>(
    def: EventDefinition<string, D>,
    fields: EventFields<D>,
  ): Promise<EventEnvelope<z.output<D>>>;
  /** Writes the audit entry the service's audit function makes of it. */
  audit(entry: Audit): Promise<void>;
}

/**
 * The one way to change state: the effect, its outbox events, its audit entry
 * and, when the request carries an `Idempotency-Key`, the answer a retry will
 * get, all in one transaction. A crash after the commit therefore leaves an
 * answer to replay; a crash before leaves nothing, and the retry runs again.
 */
export class UnitOfWork<DB extends KitTables, Audit = never> {
  constructor(private readonly o: UnitOfWorkOptions<DB, Audit>) {}

  /** Runs `fn` in one transaction at one instant; its result is the idempotent answer. */
  async run<T>(fn: (w: Work<DB, Audit>) => Promise<T>): Promise<T> {
    const now = this.o.clock.now();
    const claim = currentIdempotencyClaim();
    let status = 0;
    const result = await this.o.db.transaction().execute(async (trx) => {
      // The kit's tables are part of every service's schema; kysely cannot see that through a generic.
      const kit = trx as unknown as Transaction<KitTables>;
      const w: Work<DB, Audit> = {
        trx,
        now,
        emit: (def, fields) => emitEvent(kit, def, { occurredAt: now, ...fields }),
        audit: async (entry) => {
          if (!this.o.audit) throw new Error('this unit of work was built without an audit function');
          await this.o.audit(trx, entry);
        },
      };
      const r = await fn(w);
      if (claim) {
        status = claim.res.statusCode;
        await storeIdempotentAnswer(kit, claim, r, status);
      }
      return r;
    });
    if (claim) markIdempotentAnswerStored(claim, result, status);
    await this.o.faults?.afterCommit?.();
    this.o.relay?.wake();
    return result;
  }
}
