import { sql, type Kysely, type Transaction } from 'kysely';
import type { z } from 'zod';
import { buildEvent, subjectFor, type EventDefinition, type EventEnvelope } from '@jir/contracts';
import type { KitTables } from '../db/kit-tables.js';
import type { Logger } from '../logger.js';
import type { ServiceMetrics } from '../http/metrics.js';
import type { Bus } from './connection.js';

/**
 * Writes an event to the outbox inside the caller's transaction, so the event
 * exists exactly when the domain change does. The caller must hold the
 * aggregate's row lock (or have created it) so that one aggregate's events get
 * increasing sequence numbers in the order they happened.
 */
export async function appendEvent(
  trx: Transaction<KitTables> | Kysely<KitTables>,
  def: EventDefinition,
  event: EventEnvelope,
): Promise<void> {
  await trx.insertInto('outbox').values(outboxRow(def, event)).execute();
}

/**
 * Builds an event (validated by its schema) and writes it to the outbox in
 * the caller's transaction: the usual way a service emits a domain event.
 */
export async function emitEvent<D extends z.ZodType>(
  trx: Transaction<KitTables> | Kysely<KitTables>,
  def: EventDefinition<string, D>,
  fields: Parameters<typeof buildEvent<D>>[1],
): Promise<EventEnvelope<z.output<D>>> {
  const event = buildEvent(def, fields);
  await appendEvent(trx, def, event);
  return event;
}

/**
 * The outbox row for an event, for callers that write it in the same
 * statement as their domain change (a data-modifying CTE): one round trip,
 * and atomic without an explicit transaction.
 */
export function outboxRow(def: EventDefinition, event: EventEnvelope) {
  if (event.type !== def.type) throw new Error(`event type ${event.type} is not ${def.type}`);
  return {
    id: event.id,
    subject: def.subject,
    aggregate_id: event.aggregateId,
    payload: JSON.stringify(event),
    published_at: null,
    last_error: null,
  };
}

/** Test hooks for crash simulation; never set in production. */
export interface RelayFaults {
  /** Runs after the batch was published and before it is marked: a crash here must not double any effect. */
  afterPublish?: (ids: string[]) => void | Promise<void>;
}

export interface RelayOptions {
  db: Kysely<KitTables>;
  bus: Bus;
  logger: Logger;
  metrics?: ServiceMetrics;
  batchSize?: number;
  /** Poll interval when idle; `wake()` after a commit cuts the wait. */
  pollMs?: number;
  faults?: RelayFaults;
}

type Claimed = { seq: number; id: string; subject: string; aggregate_id: string; payload: unknown };

/**
 * Publishes committed outbox rows to JetStream. Rows are claimed with
 * FOR UPDATE SKIP LOCKED (several relays may run), published with msgID =
 * event id (the stream drops a re-publish inside its duplicate window, the
 * consumer's inbox after it), then marked published and kept.
 *
 * Order per aggregate: a relay publishes an aggregate's rows only while no
 * earlier unpublished row of that aggregate is held by another relay, and it
 * publishes its own rows in sequence order on one connection.
 */
export class OutboxRelay {
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private readonly log: Logger;
  private failures = 0;

  constructor(private readonly o: RelayOptions) {
    this.log = o.logger.child({ module: 'outbox-relay' });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Ask for an immediate pass (call after committing events). */
  wake(): void {
    this.wakeUp?.();
  }

  /** Stops after the batch in flight; what is unpublished stays for the next start. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
  }

  /** Unpublished rows: the backlog. */
  async backlog(): Promise<number> {
    const r = await this.o.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('published_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  private async run(): Promise<void> {
    while (this.running) {
      let published = 0;
      try {
        published = await this.drainOnce();
        this.failures = 0;
      } catch (e) {
        this.failures++;
        if (this.failures === 1 || this.failures % 50 === 0) {
          this.log.warn(
            { err: (e as Error).message, failures: this.failures },
            'outbox publish failed; rows stay queued',
          );
        }
      }
      if (published >= (this.o.batchSize ?? 500)) continue;
      const wait = this.failures
        ? Math.min(100 * 2 ** Math.min(this.failures, 5), 2_000)
        : (this.o.pollMs ?? 100);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, wait);
        this.wakeUp = () => (clearTimeout(t), resolve());
      });
      this.wakeUp = undefined;
    }
  }

  /** One claim → publish → mark pass; returns how many rows were published. */
  async drainOnce(): Promise<number> {
    const { db, bus } = this.o;
    const n = await db.transaction().execute(async (trx) => {
      const claimed = (
        await sql<Claimed>`
        SELECT seq, id, subject, aggregate_id, payload FROM outbox
        WHERE published_at IS NULL
        ORDER BY seq
        LIMIT ${this.o.batchSize ?? 500}
        FOR UPDATE SKIP LOCKED`.execute(trx)
      ).rows;
      if (claimed.length === 0) return 0;
      const rows = await this.withoutForeignPredecessors(trx, claimed);
      if (rows.length === 0) return 0;

      // Fire the whole batch on one connection (order kept), then collect the acks.
      const acks = rows.map((r) =>
        bus.js.publish(subjectFor(r.subject, bus.namespace), JSON.stringify(r.payload), { msgID: r.id }).then(
          () => true,
          (e: unknown) => (this.log.debug({ id: r.id, err: (e as Error).message }, 'publish failed'), false),
        ),
      );
      const ok = await Promise.all(acks);
      // Mark an aggregate's rows only up to its first failure, so a retry keeps its order.
      const blocked = new Set<string>();
      const done: string[] = [];
      rows.forEach((r, i) => {
        if (!ok[i]) blocked.add(r.aggregate_id);
        else if (!blocked.has(r.aggregate_id)) done.push(r.id);
      });
      const failed = rows.filter((r) => !done.includes(r.id)).map((r) => r.id);
      if (failed.length) {
        await trx
          .updateTable('outbox')
          .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: 'publish not acknowledged' }))
          .where('id', 'in', failed)
          .execute();
      }
      await this.o.faults?.afterPublish?.(done);
      if (done.length) {
        await trx.updateTable('outbox').set({ published_at: new Date() }).where('id', 'in', done).execute();
      }
      if (failed.length && done.length === 0)
        throw new Error(`${failed.length} event(s) not acknowledged by the bus`);
      return done.length;
    });
    if (n) this.o.metrics?.outboxPublished.inc(n);
    return n;
  }

  /**
   * Drops, per aggregate, our rows that come after an unpublished row of the
   * same aggregate that another relay holds (or that committed late with a
   * smaller sequence): publishing them now would overtake it.
   */
  private async withoutForeignPredecessors(
    trx: Transaction<KitTables>,
    claimed: Claimed[],
  ): Promise<Claimed[]> {
    const mine = claimed.map((r) => r.id);
    const maxSeq = claimed[claimed.length - 1]!.seq;
    const aggregates = [...new Set(claimed.map((r) => r.aggregate_id))];
    const foreign = await trx
      .selectFrom('outbox')
      .select(['aggregate_id', (eb) => eb.fn.min('seq').as('first')])
      .where('published_at', 'is', null)
      .where('aggregate_id', 'in', aggregates)
      .where('seq', '<=', maxSeq)
      .where('id', 'not in', mine)
      .groupBy('aggregate_id')
      .execute();
    if (foreign.length === 0) return claimed;
    const firstForeign = new Map(foreign.map((f) => [f.aggregate_id, Number(f.first)]));
    return claimed.filter((r) => {
      const f = firstForeign.get(r.aggregate_id);
      return f === undefined || r.seq < f;
    });
  }
}
