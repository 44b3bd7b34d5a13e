import {
  claimDueAcknowledgementPushes,
  markAcknowledgementPushed,
  type AcknowledgementPushRow,
} from './acknowledgements.repository.js';
import type { DeliveryWorkerDeps } from './delivery-worker.js';
import { pushToPeer } from './peer-push.js';
import { retryingWorker } from './retrying-worker.js';

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
  return retryingWorker<AcknowledgementPushRow>(d, {
    name: 'acknowledgement-push',
    module: 'acknowledgement-push',
    what: 'acknowledgement push',
    table: 'acknowledgement_pushes',
    claim: (trx, ctx) => claimDueAcknowledgementPushes(trx, ctx.now, ctx.limit),
    async send(trx, row) {
      await pushToPeer(
        d,
        { peer: row.peer, sub: row.recipient, digest: row.digest, jti: row.id },
        'v1/inbound-acknowledgements',
        {
          digest: row.digest,
          recipient: row.recipient,
          acknowledgedAt: new Date(row.acknowledged_at).toISOString(),
          acknowledgedBy: row.acknowledged_by,
        },
      );
      await markAcknowledgementPushed(trx, row.id, d.clock.now());
    },
    about: (row) => ({ push: row.id, peer: row.peer, recipient: row.recipient }),
  });
}
