import { nanos } from '@nats-io/transport-node';
import {
  AckPolicy,
  DeliverPolicy,
  RetentionPolicy,
  StorageType,
  type JetStreamManager,
} from '@nats-io/jetstream';
import { streamNameFor, streamSubjects, type StreamDeclaration } from '@jir/contracts';

/** Within this window JetStream drops a republished event with the same msgID. */
export const DUPLICATE_WINDOW_MS = 10 * 60_000;

/** Creates the stream or updates it to the declaration. Returns its real name. */
export async function ensureStream(
  jsm: JetStreamManager,
  decl: StreamDeclaration,
  namespace = '',
  opts: { maxAgeMs?: number; replicas?: number } = {},
): Promise<string> {
  const name = streamNameFor(decl, namespace);
  const config = {
    name,
    subjects: streamSubjects(decl, namespace),
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
    // The bus is transport; the producer's outbox keeps every event for good.
    max_age: nanos(opts.maxAgeMs ?? 30 * 24 * 3600_000),
    num_replicas: opts.replicas ?? 1,
  };
  try {
    await jsm.streams.info(name);
    await jsm.streams.update(name, config);
  } catch (e) {
    if (!/not found/i.test((e as Error).message)) throw e;
    try {
      await jsm.streams.add(config);
    } catch (e2) {
      // Another instance created it between our look and our add.
      if (!/already in use|exists/i.test((e2 as Error).message)) throw e2;
    }
  }
  return name;
}

export interface ConsumerDeclaration {
  stream: string;
  durable: string;
  filterSubject?: string;
  ackWaitMs?: number;
  maxAckPending?: number;
}

/** Creates the durable pull consumer if missing (explicit acks, from the start of the stream). */
export async function ensureConsumer(jsm: JetStreamManager, d: ConsumerDeclaration): Promise<void> {
  const config = {
    durable_name: d.durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(d.ackWaitMs ?? 30_000),
    max_ack_pending: d.maxAckPending ?? 1000,
    // Retries are counted and parked by the consumer itself; the server never gives up silently.
    max_deliver: -1,
    ...(d.filterSubject ? { filter_subject: d.filterSubject } : {}),
  };
  try {
    await jsm.consumers.info(d.stream, d.durable);
    await jsm.consumers.update(d.stream, d.durable, {
      ack_wait: config.ack_wait,
      max_ack_pending: config.max_ack_pending,
    });
  } catch (e) {
    if (!/not found/i.test((e as Error).message)) throw e;
    await jsm.consumers.add(d.stream, config);
  }
}
