import { inboundAckSchema } from '@jir/contracts';
import { emitEvent, type ClaimWorker, type Clock, type KitTables, type Logger } from '@jir/service-kit';
import type { Kysely, Transaction } from 'kysely';
import type { ReportingDB } from '../db/schema.js';
import type { SigningKey } from '../reports/report-signing.js';
import {
  claimDueDeliveries,
  markDelivered,
  storeReceived,
  type DeliveryRow,
} from './deliveries.repository.js';
import type { Deployment } from './deployment-routing.js';
import { emitDelivered } from './delivered-event.js';
import { pushToPeer } from './peer-push.js';
import { retryingWorker } from './retrying-worker.js';

export interface DeliveryWorkerDeps {
  db: Kysely<ReportingDB>;
  logger: Logger;
  clock: Clock;
  key: SigningKey;
  deployment: Deployment;
  idleMs: number;
  backoffMaxMs: number;
  /** A push that takes longer than this counts as failed and is retried. */
  pushTimeoutMs?: number;
}

/**
 * Delivers what is due (R-RP-3): into this deployment's inbox, or pushed to
 * the peer serving the recipient, retried with backoff until acknowledged.
 * Each delivery and escalation hop emits its event in the same transaction
 * as the row turning 'delivered', which is what the deadline monitor meets
 * its obligations with. A push acknowledged but not recorded here (a crash
 * in between) is pushed again and recognised by the receiver as a repeat.
 */
export function deliveryWorker(d: DeliveryWorkerDeps) {
  const worker: ClaimWorker<ReportingDB, DeliveryRow> = retryingWorker<DeliveryRow>(d, {
    name: 'report-delivery',
    module: 'delivery',
    what: 'delivery',
    table: 'deliveries',
    claim: (trx, ctx) => claimDueDeliveries(trx, ctx.now, ctx.limit),
    async send(trx, row) {
      const deliveredAt = row.channel === 'inbox' ? await intoInbox(trx, row) : await pushTo(row);
      await markDelivered(trx, row.id, deliveredAt);
      // The outbox at the worker's own instant: the delivery happened now, in this pass.
      const kit = trx as unknown as Transaction<KitTables>;
      await emitDelivered(
        (def, fields) => emitEvent(kit, def, { ...fields, occurredAt: d.clock.now() }),
        row,
        { sub: 'reporting', kind: 'service' },
        deliveredAt,
      );
    },
    about: (row) => ({ delivery: row.id, recipient: row.recipient }),
    // The next escalation hop may have become due.
    afterSent: () => worker.wake(),
  });

  async function intoInbox(trx: Transaction<ReportingDB>, row: DeliveryRow): Promise<Date> {
    const doc = row.document as { version?: number };
    const r = await storeReceived(trx, {
      document_id: row.document_id,
      recipient: row.recipient,
      kind: row.document_kind,
      from_court: row.court,
      quarter: row.quarter,
      version: typeof doc.version === 'number' ? doc.version : null,
      document: JSON.stringify(row.document),
      digest: row.digest,
      signature: row.signature,
      key_id: row.key_id,
      source: 'local',
      received_at: d.clock.now(),
    });
    return r.receivedAt;
  }

  async function pushTo(row: DeliveryRow): Promise<Date> {
    const text = await pushToPeer(
      d,
      { peer: row.peer, sub: row.court, digest: row.digest, jti: row.id },
      'v1/inbound-reports',
      {
        kind: row.document_kind,
        recipient: row.recipient,
        document: row.document,
        digest: row.digest,
        signature: row.signature,
        keyId: row.key_id,
      },
    );
    const ack = inboundAckSchema.parse(JSON.parse(text));
    return new Date(ack.receivedAt);
  }

  return worker;
}
