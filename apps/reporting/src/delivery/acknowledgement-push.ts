import { ClaimWorker } from '@jir/service-kit';
import type { Transaction } from 'kysely';
import type { ReportingDB } from '../db/schema.js';
import {
  claimDueAcknowledgementPushes,
  markAcknowledgementPushed,
  type AcknowledgementPushRow,
} from './acknowledgements.repository.js';
import type { DeliveryWorkerDeps } from './delivery-worker.js';
import { postToPeer } from './peer-push.js';
import { signPushToken } from './peer-token.js';
import { retryLater } from './retry-later.js';

/** The acknowledgement push runs beside the delivery worker, on the same schedule and key. */
export type AcknowledgementPushDeps = DeliveryWorkerDeps;

/**
 * Tells the peer deployments that sent documents here when their recipient
 * court acknowledged them (R-RP-3), retried with backoff until the peer
 * answers 2xx, like the pushes of reports. The token binds the push to this
 * deployment, the peer, the acknowledging court and the document's digest.
 * An acknowledgement taken but not marked here (a crash in between) is
 * pushed again, and the peer keeps its first one.
 */
export function acknowledgementPushWorker(d: AcknowledgementPushDeps) {
  const log = d.logger.child({ module: 'acknowledgement-push' });
  return new ClaimWorker<ReportingDB, AcknowledgementPushRow>({
    name: 'acknowledgement-push',
    db: d.db,
    logger: d.logger,
    clock: d.clock,
    batchSize: 10,
    idleMs: d.idleMs,
    claim: (trx, ctx) => claimDueAcknowledgementPushes(trx, ctx.now, ctx.limit),
    async process(rows, db) {
      const trx = db as Transaction<ReportingDB>;
      for (const row of rows) {
        try {
          await push(row);
          await markAcknowledgementPushed(trx, row.id, d.clock.now());
        } catch (e) {
          await retryLater(trx, 'acknowledgement_pushes', row, e, {
            ...d,
            log,
            what: 'acknowledgement push',
            about: { push: row.id, peer: row.peer, recipient: row.recipient },
          });
        }
      }
    },
  });

  async function push(row: AcknowledgementPushRow): Promise<void> {
    const peer = d.deployment.peers.find((p) => p.id === row.peer);
    if (!peer) throw new Error(`peer ${row.peer} is no longer configured`);
    const token = await signPushToken(
      d.key,
      { iss: d.deployment.id, aud: peer.id, sub: row.recipient, digest: row.digest },
      row.id,
    );
    await postToPeer(
      peer,
      'v1/inbound-acknowledgements',
      token,
      {
        digest: row.digest,
        recipient: row.recipient,
        acknowledgedAt: new Date(row.acknowledged_at).toISOString(),
        acknowledgedBy: row.acknowledged_by,
      },
      d.pushTimeoutMs ?? 15_000,
    );
  }
}
