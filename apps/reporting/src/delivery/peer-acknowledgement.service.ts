import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { inboundAcknowledgementBodySchema } from '@jir/contracts';
import { problem, UnitOfWork, type Clock } from '@jir/service-kit';
import type { ReportingDB } from '../db/schema.js';
import { findPeerDelivery, storePeerAcknowledgement } from './acknowledgements.repository.js';
import type { Deployment } from './deployment-routing.js';
import { authenticatedPeer } from './peer-push.js';

/**
 * Acknowledgements (签收) pushed back by the peer deployments this
 * deployment delivers to (R-RP-3), so that the sender sees them as it sees
 * those of its own inbox.
 */
export class PeerAcknowledgementService {
  private readonly uow: UnitOfWork<ReportingDB>;
  constructor(private readonly deps: { db: Kysely<ReportingDB>; clock: Clock; deployment: Deployment }) {
    this.uow = new UnitOfWork<ReportingDB>({ db: deps.db, clock: deps.clock });
  }

  /**
   * The token must be the registered peer's, for this deployment and this
   * digest, issued for the acknowledging court; that court must be one the
   * peer serves, and the document must have been delivered to it through
   * that peer. The first acknowledgement stands; a repeat answers it again.
   */
  async receive(authorization: string | undefined, body: z.output<typeof inboundAcknowledgementBodySchema>) {
    const { peer, claims } = await authenticatedPeer(authorization, this.deps.deployment);
    if (claims.digest !== body.digest)
      throw problem({
        status: 401,
        code: 'token-digest-mismatch',
        message: { zh: '令牌与所签收文件不符', en: 'the token was issued for another document' },
      });
    if (claims.sub !== body.recipient || !peer.courts.includes(body.recipient))
      throw problem({
        status: 403,
        code: 'not-peer-court',
        message: {
          zh: '签收法院不属于该对端部署',
          en: `court ${body.recipient} is not served by peer ${peer.id}`,
        },
      });
    const delivery = await findPeerDelivery(this.deps.db, {
      digest: body.digest,
      recipient: body.recipient,
      peer: peer.id,
    });
    if (!delivery)
      throw problem({
        status: 404,
        code: 'delivery-not-found',
        message: {
          zh: '本部署未经该对端部署向该法院送达此文件',
          en: 'no delivery of this document to this court through this peer',
        },
      });
    return this.uow.run(async (w) => {
      const stored = await storePeerAcknowledgement(w.trx, {
        deliveryId: delivery.id,
        acknowledgedAt: body.acknowledgedAt,
        acknowledgedBy: body.acknowledgedBy,
        now: w.now,
      });
      return {
        deliveryId: delivery.id,
        duplicate: stored.duplicate,
        acknowledgedAt: stored.acknowledgedAt.toISOString(),
        acknowledgedBy: stored.acknowledgedBy,
      };
    });
  }
}
