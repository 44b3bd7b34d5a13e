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
import { IdempotentConsumer, type BatchEventHandler, type EventHandler } from './consumer.js';

/** One event kind and what its arrival does, typed by the event's own schema. */
export interface TypedHandler<DB> {
  readonly event: EventDefinition;
  readonly handle: EventHandler<DB>;
}

/** Several event kinds whose arrivals in one fetched batch are applied together (see `onBatch`). */
export interface TypedBatchHandler<DB> {
  readonly events: readonly EventDefinition[];
  readonly handleBatch: BatchEventHandler<DB>;
}

/** The envelope of one of several event definitions, discriminated by its `type`. */
export type EnvelopeOf<E> =
  E extends EventDefinition<infer T, infer D> ? EventEnvelope<z.output<D>> & { type: T } : never;

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
 * Pairs several event definitions with one handler that receives a fetched
 * batch's new events of those kinds together, in arrival order, inside the
 * batch's transaction: for effects that are cheaper set-based (one statement
 * for many events) than one event at a time. The rule of `on()` holds for the
 * whole list: the handler must give the state that applying the events one by
 * one, in any order, would give; a list may hold several events of one
 * aggregate. It is called with a single event when a failed batch is retried
 * one message at a time.
 */
export function onBatch<DB, const E extends readonly EventDefinition[]>(
  events: E,
  handleBatch: (events: readonly EnvelopeOf<E[number]>[], trx: Transaction<DB & KitTables>) => Promise<void>,
): TypedBatchHandler<DB> {
  return { events, handleBatch: handleBatch as BatchEventHandler<DB> };
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
  readonly handlers: readonly (TypedHandler<DB> | TypedBatchHandler<DB>)[];
}

/** The event definitions a handler takes. */
const eventsOf = <DB>(h: TypedHandler<DB> | TypedBatchHandler<DB>): readonly EventDefinition[] =>
  'events' in h ? h.events : [h.event];

/** Declares a consumer; every event it handles must belong to the stream it reads. */
export function defineConsumer<DB>(def: ConsumerDefinition<DB>): ConsumerDefinition<DB> {
  const seen = new Set<string>();
  for (const event of def.handlers.flatMap(eventsOf)) {
    if (event.domain !== def.reads.domain)
      throw new Error(`consumer of ${def.reads.domain} cannot handle ${event.type}`);
    // One handler per type: two would each think they had applied it.
    if (seen.has(event.type)) throw new Error(`${event.type} has two handlers`);
    seen.add(event.type);
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
    catalogue: [...def.handlers.flatMap(eventsOf), ...EVENT_CATALOGUE],
    handlers: Object.fromEntries(
      def.handlers.flatMap((h) => ('event' in h ? [[h.event.type, h.handle]] : [])),
    ),
    batchHandlers: Object.fromEntries(
      def.handlers.flatMap((h) => ('events' in h ? h.events.map((e) => [e.type, h.handleBatch]) : [])),
    ),
  });
}
