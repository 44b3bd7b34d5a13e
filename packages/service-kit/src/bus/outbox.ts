import { sql, type Kysely, type Transaction } from 'kysely';
import type { z } from 'zod';
import { buildEvent, subjectFor, type EventDefinition, type EventEnvelope } from '@jir/contracts';
import type { KitTables } from '../db/kit-tables.js';
import type { Logger } from '../logger.js';
import type { ServiceMetrics } from '../http/metrics.js';
import { ClaimWorker } from '../jobs/claim-worker.js';
import type { Bus } from './connection.js';

/**
 * Writes an event to the outbox inside the caller's transaction, so the event
 * exists exactly when the domain change does. Events are not delivered in
 * sequence order: put a revision in the data of any event whose consumers
 * keep state, so they can tell an older fact from a newer one.
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
 * Publishes committed outbox rows to JetStream, on a ClaimWorker: rows are
 * claimed with FOR UPDATE SKIP LOCKED (several relays may run), published with
 * msgID = event id (the stream drops a re-publish inside its duplicate window,
 * the consumer's inbox after it), then marked published and kept.
 *
 * No order is promised, not even per aggregate: a batch is published
 * concurrently, a failed row is retried later, and JetStream redelivery
 * reorders anyway. Handlers compare revisions instead (see `on()`).
 */
export class OutboxRelay {
  private readonly worker: ClaimWorker<KitTables, Claimed>;
  private readonly log: Logger;

  constructor(private readonly o: RelayOptions) {
    this.log = o.logger.child({ module: 'outbox-relay' });
    this.worker = new ClaimWorker<KitTables, Claimed>({
      name: 'outbox relay',
      db: o.db,
      logger: o.logger,
      batchSize: o.batchSize ?? 500,
      idleMs: o.pollMs ?? 100,
      // A commit's wake starts the idle pass at once rather than waiting for the busy one's mark
      // and commit: the time from a commit to the bus is one claim and one publish.
      concurrency: 2,
      backoff: { baseMs: 200, maxMs: 2_000 },
      // The pass's commit (its mark) need not wait for its flush to disk: a mark lost in a crash
      // only means the events go out again, which the stream's duplicate window and the
      // consumers' inboxes drop. Set by the claim itself (set_config, local to the transaction),
      // not by a SET LOCAL of its own: one round trip fewer per pass.
      claim: (_trx, { limit }) => sql<Claimed>`
        SELECT seq, id, subject, aggregate_id, payload
        FROM outbox, (SELECT set_config('synchronous_commit', 'off', true)) AS no_flush_wait
        WHERE published_at IS NULL
        ORDER BY seq
        LIMIT ${limit}
        FOR UPDATE OF outbox SKIP LOCKED`,
      process: async (rows, trx) => {
        const n = await this.publish(rows, trx);
        this.lastPublished = n;
      },
    });
  }

  private lastPublished = 0;
  private running = false;
  /** Hand-offs whose publish or mark is still out; stop() waits for them. */
  private readonly handOffs = new Set<Promise<void>>();

  /** The background job's name. */
  get name(): string {
    return this.worker.name;
  }

  start(): void {
    this.running = true;
    this.worker.start();
  }

  /**
   * Publishes events whose outbox rows the caller has just committed, without
   * waiting for a pass to claim them (R-NF-1, R-NF-2): the publish needs no
   * BEGIN, claim or COMMIT, and the mark is one statement, so a busy writer's
   * events cost one round trip to the database per batch instead of four.
   * Call it in place of wake(), after the commit, with the rows as written
   * (payload as JSON text). What is not acknowledged, or not marked, stays
   * unpublished for the next pass, which the hand-off then asks for; a pass
   * that claims a row while its hand-off is out publishes it again, which the
   * stream's duplicate window drops (same msgID), as after a crash.
   */
  handOff(rows: readonly { id: string; subject: string; payload: string }[]): void {
    if (rows.length === 0) return;
    if (!this.running) {
      this.wake();
      return;
    }
    const out: Promise<void> = this.publishCommitted(rows)
      .catch((e: unknown) => {
        this.log.debug({ err: (e as Error).message }, 'hand-off not marked; left to the next pass');
        this.wake();
      })
      .finally(() => this.handOffs.delete(out));
    this.handOffs.add(out);
  }

  private async publishCommitted(rows: readonly { id: string; subject: string; payload: string }[]) {
    const { done } = await this.publishRows(rows);
    if (done.length) {
      // As a pass's mark, its commit need not wait for the flush to disk: a mark lost in a crash only
      // means the events go out again. A row a pass holds is waited for, then left as that pass marked it.
      const marked = await sql`
        UPDATE outbox SET published_at = now()
        FROM (SELECT set_config('synchronous_commit', 'off', true)) AS no_flush_wait
        WHERE id = ANY(${done}::uuid[]) AND published_at IS NULL`.execute(this.o.db);
      // Counted as marked here: a row a pass marked first was counted by that pass.
      this.o.metrics?.outboxPublished.inc(Number(marked.numAffectedRows ?? 0));
    }
    // The bus refused some: the next pass retries them, counting attempts and backing off.
    if (done.length < rows.length) this.wake();
  }

  /** Ask for an immediate pass (call after committing events). */
  wake(): void {
    this.worker.wake();
  }

  /** Stops after the batch and hand-offs in flight; what is unpublished stays for the next start. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.handOffs);
    await this.worker.stop();
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

  /** One claim → publish → mark pass; returns how many rows were published. */
  async drainOnce(): Promise<number> {
    this.lastPublished = 0;
    await this.worker.runOnce();
    return this.lastPublished;
  }

  /**
   * Publishes rows concurrently, each with its row id as the message id (a repeat within the
   * stream's duplicate window is dropped): the ids the bus acknowledged, and those it did not.
   */
  private async publishRows(
    rows: readonly { id: string; subject: string; payload: string }[],
  ): Promise<{ done: string[]; failed: string[] }> {
    const { bus } = this.o;
    const ok = await Promise.all(
      rows.map((r) =>
        bus.js.publish(subjectFor(r.subject, bus.namespace), r.payload, { msgID: r.id }).then(
          () => true,
          (e: unknown) => (this.log.debug({ id: r.id, err: (e as Error).message }, 'publish failed'), false),
        ),
      ),
    );
    return {
      done: rows.filter((_, i) => ok[i]).map((r) => r.id),
      failed: rows.filter((_, i) => !ok[i]).map((r) => r.id),
    };
  }

  /** Publishes the claimed rows concurrently and marks those the bus acknowledged. */
  private async publish(rows: readonly Claimed[], trx: Kysely<KitTables>): Promise<number> {
    const { done, failed } = await this.publishRows(
      rows.map((r) => ({ id: r.id, subject: r.subject, payload: JSON.stringify(r.payload) })),
    );
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
    // Nothing went out: fail the pass so the worker backs off instead of spinning.
    if (failed.length && done.length === 0)
      throw new Error(`${failed.length} event(s) not acknowledged by the bus`);
    if (done.length) this.o.metrics?.outboxPublished.inc(done.length);
    return done.length;
  }
}
