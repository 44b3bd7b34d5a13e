import { inboundAcknowledgementBodySchema, inboundAcknowledgementReceiptSchema } from '@jir/contracts';
import { defineRoute, parseBody, type Route } from '@jir/service-kit';
import type { PeerAcknowledgementService } from './peer-acknowledgement.service.js';

/** Acknowledgements pushed back by peer deployments (R-RP-3). */
export function peerAcknowledgementRoutes(deps: {
  peerAcknowledgements: PeerAcknowledgementService;
}): Route[] {
  return [
    defineRoute({
      spec: {
        method: 'post',
        path: '/v1/inbound-acknowledgements',
        operationId: 'receivePeerAcknowledgement',
        summary:
          '接收对端部署签收回执 / a peer deployment’s court acknowledged a document pushed there (R-RP-3)',
        tags: ['delivery'],
        // Not a user: the peer's own JWT, verified against its registered key in the service.
        auth: false,
        body: inboundAcknowledgementBodySchema,
        responses: {
          200: { description: 'the acknowledgement kept', schema: inboundAcknowledgementReceiptSchema },
        },
      },
      handler: async (req, res) => {
        res.json(
          await deps.peerAcknowledgements.receive(
            req.headers.authorization,
            parseBody(req, inboundAcknowledgementBodySchema),
          ),
        );
      },
    }),
  ];
}
