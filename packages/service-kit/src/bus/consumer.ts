import { sql, type Kysely, type Transaction } from 'kysely';
import type { ConsumerMessages, JsMsg } from '@nats-io/jetstream';
import { eventBySubject, type EventDefinition, type EventEnvelope } from '@jir/contracts';
import type { KitTables } from '../db/kit-tables.js';
import type { Logger } from '../logger.js';
import type { ServiceMetrics } from '../http/metrics.js';
import type { Bus } from './connection.js';
import { ensureConsumer } from './streams.js';

/** Applies one event's effect inside the transaction that also records it in the inbox. */
export type EventHandler<DB> = (event: EventEnvelope, trx: Transaction<DB & KitTables>) => Promise<void>;

/**
 * Applies the effects of several events at once, inside the transaction that
 * records them in the inbox: the new events of one fetched batch that it
 * handles, in arrival order (possibly several of one aggregate), so their
 * effects can be written set-based, a statement per step rather than per
 * event. Called with a single event when a failed batch is applied one by one.
 */
export type BatchEventHandler<DB> = (
  events: readonly EventEnvelope[],
  trx: Transaction<DB & KitTables>,
) => Promise<void>;

/** Test hooks for crash simulation; never set in production. */
export interface ConsumerFaults {
  /** Runs after the effect committed and before the ack: a crash here must not double the effect. */
  afterCommit?: (event: EventEnvelope) => void | Promise<void>;
}

export interface ConsumerOptions<DB> {
  db: Kysely<DB & KitTables>;
  bus: Bus;
  logger: Logger;
  metrics?: ServiceMetrics;
  /** Real stream name (namespace included). */
  stream: string;
  /** Durable name, after the consuming service: also the inbox's consumer key. */
  durable: string;
  /** Handlers by event type; other types are acknowledged and ignored. */
  handlers: Record<string, EventHandler<DB>>;
  /**
   * Batch handlers by event type (one handler may serve several types): a
   * batch's new events of those types go to one call, after its per-event
   * handlers ran. A type is handled by one or the other, never both.
   */
  batchHandlers?: Record<string, BatchEventHandler<DB>>;
  catalogue?: readonly EventDefinition[];
  /** A handler that keeps failing is parked after this many deliveries. */
  maxDeliveries?: number;
  ackWaitMs?: number;
  faults?: ConsumerFaults;
}

type Outcome = 'applied' | 'duplicate' | 'ignored' | 'parked' | 'retried';

/** Messages applied in one transaction: one commit (one fsync) for many effects. */
const BATCH = 200;

/** A message as the consumer sees it: from JetStream, or re-read from the parked table. */
interface Incoming {
  subject: string;
  data: string;
  streamSeq: number | null;
  deliveryCount: number;
}

/**
 * Idempotent consumer: each event's effect and its inbox row commit together;
 * a redelivery finds the inbox row and changes nothing. A message that fails
 * validation, or whose handler keeps failing, is terminated and parked where
 * it can be listed and replayed; it never blocks the messages behind it.
 */
export class IdempotentConsumer<DB = unknown> {
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> | undefined;
  private running = false;
  private readonly log: Logger;

  /** The kit's own tables; the service's types matter only inside handlers. */
  private readonly db: Kysely<KitTables>;

  constructor(private readonly o: ConsumerOptions<DB>) {
    this.log = o.logger.child({ module: 'consumer', consumer: o.durable });
    this.db = o.db as unknown as Kysely<KitTables>;
  }

  get name(): string {
    return this.o.durable;
  }

  async start(): Promise<void> {
    await ensureConsumer(this.o.bus.jsm, {
      stream: this.o.stream,
      durable: this.o.durable,
      ackWaitMs: this.o.ackWaitMs ?? 30_000,
    });
    this.running = true;
    this.loop = this.run();
  }

  /** Stops taking messages and waits for the one in hand; unacked ones are redelivered later. */
  async stop(): Promise<void> {
    this.running = false;
    await this.messages?.close().catch(() => undefined);
    await this.loop;
    await this.flushing;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const c = await this.o.bus.js.consumers.get(this.o.stream, this.o.durable);
        this.messages = await c.consume({ max_messages: 512, expires: 5_000 });
        for await (const m of this.messages) {
          this.queue.push(m);
          this.flushing ??= this.flushLoop();
          // Back-pressure: never hold more than a few batches in memory.
          if (this.queue.length >= 4 * BATCH) await this.flushing;
          if (!this.running) break;
        }
      } catch (e) {
        if (!this.running) break;
        this.log.warn({ err: (e as Error).message }, 'consume interrupted; resuming');
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    await this.flushing;
  }

  private queue: JsMsg[] = [];
  private flushing: Promise<void> | undefined;

  /** Applies what has arrived, a batch per transaction, in arrival order. */
  private async flushLoop(): Promise<void> {
    try {
      while (this.queue.length) {
        // Let messages already received join this batch.
        await new Promise((r) => setImmediate(r));
        await this.handleBatch(this.queue.splice(0, BATCH));
      }
    } finally {
      this.flushing = undefined;
    }
  }

  /**
   * One transaction for the whole batch: one commit for many effects. If a
   * handler throws, the batch is rolled back and its messages are applied one
   * transaction each, so a failing message cannot hold back the others.
   * Acknowledgements go out only after the commit; a crash in between leads to
   * redeliveries that the inbox recognises.
   */
  private async handleBatch(batch: JsMsg[]): Promise<void> {
    const items = batch.map((m) => {
      if (m.info.deliveryCount > 1) this.o.metrics?.consumerRedeliveries.inc({ consumer: this.o.durable });
      const incoming: Incoming = {
        subject: m.subject,
        data: m.string(),
        streamSeq: m.seq,
        deliveryCount: m.info.deliveryCount,
      };
      return { m, incoming, parsed: this.parse(incoming), outcome: 'ignored' as Outcome };
    });
    const applied: EventEnvelope[] = [];
    try {
      await this.db.transaction().execute(async (trx) => {
        // One statement records the whole batch in the inbox; the ids it returns are the new ones.
        const fresh = await this.recordBatchInInbox(
          trx,
          items.flatMap((it) =>
            'event' in it.parsed && this.handles(it.parsed.event.type)
              ? [{ id: it.parsed.event.id, subject: it.incoming.subject }]
              : [],
          ),
        );
        const typed = trx as unknown as Transaction<DB & KitTables>;
        // Each batch handler's share of the batch, in arrival order.
        const grouped = new Map<BatchEventHandler<DB>, EventEnvelope[]>();
        for (const it of items) {
          if ('reason' in it.parsed) {
            await this.park(it.incoming, it.parsed.reason, trx);
            it.outcome = 'parked';
            continue;
          }
          const event = it.parsed.event;
          if (!this.handles(event.type)) continue;
          // Taken from the set, so the same event twice in one batch is applied once.
          const isFresh = fresh.delete(event.id.toLowerCase());
          it.outcome = isFresh ? 'applied' : 'duplicate';
          if (!isFresh) continue;
          applied.push(event);
          const many = this.o.batchHandlers?.[event.type];
          if (many) grouped.set(many, [...(grouped.get(many) ?? []), event]);
          else await this.o.handlers[event.type]!(event, typed);
        }
        for (const [many, events] of grouped) await many(events, typed);
      });
    } catch (e) {
      if (isConnectionError(e)) {
        // The database itself failed: nothing committed, let JetStream redeliver.
        this.log.warn(
          { err: (e as Error).message, batch: batch.length },
          'could not record the batch; will retry',
        );
        for (const it of items) it.m.nak(1_000);
        return;
      }
      for (const it of items) await this.settle(it.m, it.incoming, await this.processOrNak(it.incoming));
      return;
    }
    for (const ev of applied) await this.o.faults?.afterCommit?.(ev);
    for (const it of items) await this.settle(it.m, it.incoming, it.outcome);
  }

  private async processOrNak(incoming: Incoming): Promise<Outcome | 'db-failed'> {
    try {
      return await this.process(incoming);
    } catch (e) {
      this.log.warn({ err: (e as Error).message }, 'could not record the message; will retry');
      return 'db-failed';
    }
  }

  private async settle(m: JsMsg, incoming: Incoming, outcome: Outcome | 'db-failed'): Promise<void> {
    if (outcome === 'db-failed') return m.nak(1_000);
    this.o.metrics?.consumerProcessed.inc({ consumer: this.o.durable, outcome });
    if (outcome === 'retried') m.nak(Math.min(250 * 2 ** incoming.deliveryCount, 30_000));
    // No reason text: nats-server 2.9 (Debian) ignores '+TERM <reason>' and would redeliver.
    else if (outcome === 'parked') m.term();
    else m.ack();
  }

  /** Whether some handler (per event or per batch) applies this type; others are acknowledged and ignored. */
  private handles(type: string): boolean {
    return this.o.handlers[type] !== undefined || this.o.batchHandlers?.[type] !== undefined;
  }

  /** Applies one event through whichever handler takes its type. */
  private async handleOne(event: EventEnvelope, trx: Transaction<KitTables>): Promise<void> {
    const typed = trx as unknown as Transaction<DB & KitTables>;
    const many = this.o.batchHandlers?.[event.type];
    if (many) await many([event], typed);
    else await this.o.handlers[event.type]!(event, typed);
  }

  private parse(msg: Incoming): { event: EventEnvelope } | { reason: string } {
    try {
      const def = eventBySubject(msg.subject, this.o.catalogue);
      if (!def) throw new Error(`unknown subject ${msg.subject}`);
      return { event: def.schema.parse(JSON.parse(msg.data)) };
    } catch (e) {
      return { reason: `invalid: ${(e as Error).message.slice(0, 2000)}` };
    }
  }

  private async recordInInbox(
    trx: Transaction<KitTables>,
    eventId: string,
    subject: string,
  ): Promise<boolean> {
    const fresh = await trx
      .insertInto('inbox')
      .values({ consumer: this.o.durable, event_id: eventId, subject })
      .onConflict((oc) => oc.doNothing())
      .returning('event_id')
      .executeTakeFirst();
    return fresh !== undefined;
  }

  /** Records a batch's events in the inbox at once; returns the ids that were not there yet. */
  private async recordBatchInInbox(
    trx: Transaction<KitTables>,
    events: readonly { id: string; subject: string }[],
  ): Promise<Set<string>> {
    if (!events.length) return new Set();
    const rows = await trx
      .insertInto('inbox')
      .values(events.map((e) => ({ consumer: this.o.durable, event_id: e.id, subject: e.subject })))
      .onConflict((oc) => oc.doNothing())
      .returning('event_id')
      .execute();
    // PostgreSQL answers a uuid in lower case, whatever case the producer wrote it in.
    return new Set(rows.map((r) => r.event_id.toLowerCase()));
  }

  /** Validates, dedups and applies one message; parks what cannot be applied (unless replaying a parked one). */
  async process(msg: Incoming, opts: { replaying?: boolean } = {}): Promise<Outcome> {
    const r = await this.apply(msg);
    if (!('reason' in r)) return r.outcome;
    if (opts.replaying) throw new Error(r.reason);
    if (r.outcome === 'failed' && msg.deliveryCount < (this.o.maxDeliveries ?? 5)) {
      this.log.warn({ err: r.reason, delivery: msg.deliveryCount }, 'handler failed; will retry');
      return 'retried';
    }
    await this.park(msg, r.reason);
    return 'parked';
  }

  private async apply(
    msg: Incoming,
  ): Promise<
    { outcome: 'applied' | 'duplicate' | 'ignored' } | { outcome: 'invalid' | 'failed'; reason: string }
  > {
    const parsed = this.parse(msg);
    if ('reason' in parsed) return { outcome: 'invalid', reason: parsed.reason };
    const event = parsed.event;
    if (!this.handles(event.type)) return { outcome: 'ignored' };
    try {
      const applied = await this.db.transaction().execute(async (trx) => {
        if (!(await this.recordInInbox(trx, event.id, msg.subject))) return false;
        await this.handleOne(event, trx);
        return true;
      });
      if (!applied) return { outcome: 'duplicate' };
    } catch (e) {
      if (isConnectionError(e)) throw e;
      return {
        outcome: 'failed',
        reason: `handler failed ${msg.deliveryCount} time(s): ${(e as Error).message.slice(0, 2000)}`,
      };
    }
    await this.o.faults?.afterCommit?.(event);
    return { outcome: 'applied' };
  }

  private async park(msg: Incoming, reason: string, trx: Kysely<KitTables> = this.db): Promise<void> {
    await trx
      .insertInto('parked_messages')
      .values({
        consumer: this.o.durable,
        stream: this.o.stream,
        stream_seq: msg.streamSeq,
        subject: msg.subject,
        payload: msg.data,
        reason,
        replayed_at: null,
        replay_error: null,
      })
      .execute();
    this.log.error({ subject: msg.subject, streamSeq: msg.streamSeq, reason }, 'message parked');
  }

  /** Parked messages not yet replayed, oldest first. */
  async listParked() {
    return this.db
      .selectFrom('parked_messages')
      .selectAll()
      .where('consumer', '=', this.o.durable)
      .where('replayed_at', 'is', null)
      .orderBy('id')
      .execute();
  }

  /**
   * Runs a parked message through the consumer again (after the cause was
   * fixed). Marked replayed when it applied or proved a duplicate; otherwise
   * the error is kept beside it and it stays parked. `payload` replaces the
   * stored one, for a malformed message corrected by hand (the original stays).
   */
  async replayParked(id: number, payload?: string): Promise<{ ok: boolean; error?: string }> {
    const row = await this.db
      .selectFrom('parked_messages')
      .selectAll()
      .where('id', '=', id)
      .where('consumer', '=', this.o.durable)
      .executeTakeFirstOrThrow();
    if (row.replayed_at) return { ok: true };
    try {
      await this.process(
        { subject: row.subject, data: payload ?? row.payload, streamSeq: row.stream_seq, deliveryCount: 1 },
        { replaying: true },
      );
      await this.db
        .updateTable('parked_messages')
        .set({ replayed_at: new Date(), replay_error: null })
        .where('id', '=', id)
        .execute();
      return { ok: true };
    } catch (e) {
      const error = (e as Error).message.slice(0, 2000);
      await this.db
        .updateTable('parked_messages')
        .set({ replay_error: error })
        .where('id', '=', id)
        .execute();
      return { ok: false, error };
    }
  }

  /**
   * Re-reads a range of the stream through this consumer, to rebuild what it
   * derives (after its inbox and read model were reset). Uses an ordered
   * ephemeral consumer, so the durable one is untouched.
   */
  async replayStream(range: {
    fromSeq: number;
    toSeq?: number;
  }): Promise<{ applied: number; duplicates: number; failed: number }> {
    const info = await this.o.bus.jsm.streams.info(this.o.stream);
    const last = Math.min(range.toSeq ?? info.state.last_seq, info.state.last_seq);
    let applied = 0;
    let duplicates = 0;
    let failed = 0;
    if (last < range.fromSeq) return { applied, duplicates, failed };
    const c = await this.o.bus.js.consumers.get(this.o.stream, { opt_start_seq: range.fromSeq });
    const iter = await c.consume({ max_messages: 256 });
    for await (const m of iter) {
      const r = await this.apply({
        subject: m.subject,
        data: m.string(),
        streamSeq: m.seq,
        deliveryCount: 1,
      });
      if (r.outcome === 'applied') applied++;
      else if (r.outcome === 'duplicate') duplicates++;
      else if ('reason' in r) {
        failed++;
        this.log.warn({ streamSeq: m.seq, reason: r.reason }, 'replay could not apply a message');
      }
      if (m.seq >= last) break;
    }
    await iter.close().catch(() => undefined);
    return { applied, duplicates, failed };
  }

  /** Messages the server still holds for this consumer (lag). */
  async lag(): Promise<number> {
    const i = await this.o.bus.jsm.consumers.info(this.o.stream, this.o.durable);
    const n = i.num_pending + i.num_ack_pending;
    this.o.metrics?.consumerLag.set({ consumer: this.o.durable }, n);
    return n;
  }
}

function isConnectionError(e: unknown): boolean {
  const code = (e as { code?: string }).code ?? '';
  // 08xxx connection exceptions, 57P0x admin shutdown, node socket errors.
  return (
    /^(08|57P0)/.test(code) ||
    /ECONNREFUSED|ECONNRESET|Connection terminated/i.test((e as Error).message ?? '')
  );
}

/** Counts parked, unreplayed messages per consumer (for /metrics). */
export async function countParked(db: Kysely<KitTables>): Promise<Record<string, number>> {
  const rows = await sql<{ consumer: string; n: number }>`
    SELECT consumer, count(*)::int AS n FROM parked_messages WHERE replayed_at IS NULL GROUP BY consumer`.execute(
    db,
  );
  return Object.fromEntries(rows.rows.map((r) => [r.consumer, r.n]));
}
