import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import {
  EVENT_CATALOGUE,
  streamNameFor,
  type EventDefinition,
  type EventEnvelope,
  type StreamDeclaration,
} from '@jir/contracts';
import type { KitTables } from '../db/kit-tables.js';
import type { ServiceMetrics } from '../http/metrics.js';
import type { Logger } from '../logger.js';
import type { Bus } from './connection.js';
import { IdempotentConsumer, type EventHandler } from './consumer.js';

/** One event kind and what its arrival does, typed by the event's own schema. */
export interface TypedHandler<DB> {
  readonly event: EventDefinition;
  readonly handle: EventHandler<DB>;
}

/**
 * Pairs an event definition with its handler; the handler sees the event's
 * data as its schema outputs it, so no handler casts the envelope.
 *
 * The rule for handler authors: events of one aggregate may arrive in any
 * order, and more than once in effect (the inbox drops exact redeliveries,
 * not a second event saying the same). Nothing upstream keeps order: the relay
 * publishes a batch concurrently and retries failures later, and JetStream
 * redelivery (nak with backoff, a failed batch applied one by one) reorders
 * too. So a handler either commutes (inserts that ignore a conflict, sets of
 * facts that never change) or compares revisions: it keeps what it stored
 * when the incoming event's revision is older, and treats an event without a
 * revision as revision 0 (older than anything stored with one).
 */
export function on<DB, D extends z.ZodType>(
  event: EventDefinition<string, D>,
  handle: (event: EventEnvelope<z.output<D>>, trx: Transaction<DB & KitTables>) => Promise<void>,
): TypedHandler<DB> {
  return { event, handle: handle as EventHandler<DB> };
}

/**
 * What a service consumes from one stream. The streams a service reads and
 * its durable names are derived from these definitions, never declared twice.
 */
export interface ConsumerDefinition<DB> {
  /** The producer's stream (created here if the producer has not started yet). */
  readonly reads: StreamDeclaration;
  /** Durable name; the consuming service's name when omitted. */
  readonly durable?: string;
  readonly handlers: readonly TypedHandler<DB>[];
}

/** Declares a consumer; every event it handles must belong to the stream it reads. */
export function defineConsumer<DB>(def: ConsumerDefinition<DB>): ConsumerDefinition<DB> {
  for (const h of def.handlers) {
    if (h.event.domain !== def.reads.domain)
      throw new Error(`consumer of ${def.reads.domain} cannot handle ${h.event.type}`);
  }
  return def;
}

/** Builds the running consumer of a definition, inside a started service. */
export function instantiateConsumer<DB>(
  def: ConsumerDefinition<DB>,
  deps: { db: Kysely<DB & KitTables>; bus: Bus; logger: Logger; metrics?: ServiceMetrics; service: string },
): IdempotentConsumer<DB> {
  return new IdempotentConsumer<DB>({
    db: deps.db,
    bus: deps.bus,
    logger: deps.logger,
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    stream: streamNameFor(def.reads, deps.bus.namespace),
    durable: def.durable ?? deps.service,
    // The handlers' own definitions first: an event outside the shared catalogue is still read, not parked.
    catalogue: [...def.handlers.map((h) => h.event), ...EVENT_CATALOGUE],
    handlers: Object.fromEntries(def.handlers.map((h) => [h.event.type, h.handle])),
  });
}
