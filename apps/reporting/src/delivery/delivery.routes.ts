import {
  committeeHandoverBodySchema,
  deliveryIdParamsSchema,
  deliveryListQuerySchema,
  deliveryListSchema,
  deliverySchema,
  inboundAckSchema,
  inboundDocumentBodySchema,
  inboxItemParamsSchema,
  inboxItemSchema,
  inboxListSchema,
  inboxQuerySchema,
  reportIdParamsSchema,
  rollupQuerySchema,
  rollupSchema,
} from '@jir/contracts';
import { authorize, defineRoute, jsonRoute, parseBody, type Route } from '@jir/service-kit';
import type { DeliveryService } from './delivery.service.js';
import type { RollupService } from './rollup.service.js';

/** Sending, committee handovers, the inbox, pushes from peers and the roll-up (R-RP-2, R-RP-3). */
export function deliveryRoutes(deps: {
  delivery: DeliveryService;
  rollup: RollupService;
  idem: Route['authorize'] & {};
}): Route[] {
  const { delivery, rollup, idem } = deps;
  return [
    jsonRoute({
      spec: {
        method: 'post',
        path: '/v1/reports/:id/send',
        operationId: 'sendReport',
        summary: '报送报告 / send a report version to every recipient (R-RP-2, R-RP-3)',
        tags: ['delivery'],
        params: reportIdParamsSchema,
        responses: { 202: { description: 'its deliveries', schema: deliveryListSchema } },
      },
      authorize: authorize('reporting', 'report'),
      use: [idem],
      answer: ({ actor, params }) => delivery.send(actor, params.id),
    }),
    jsonRoute({
      spec: {
        method: 'get',
        path: '/v1/deliveries',
        operationId: 'listDeliveries',
        summary: '送达情况 / deliveries of a report or of a severe record’s escalation',
        tags: ['delivery'],
        query: deliveryListQuerySchema,
        responses: { 200: { description: 'deliveries', schema: deliveryListSchema } },
      },
      answer: ({ actor, query }) => delivery.list(actor, query),
    }),
    jsonRoute({
      spec: {
        method: 'post',
        path: '/v1/deliveries/:id/handover',
        operationId: 'recordCommitteeHandover',
        summary: '登记向政法委送达 / record who handed the document to the committee, when and how',
        tags: ['delivery'],
        params: deliveryIdParamsSchema,
        body: committeeHandoverBodySchema,
        responses: { 200: { description: 'the delivery', schema: deliverySchema } },
      },
      authorize: authorize('reporting', 'report'),
      use: [idem],
      answer: ({ actor, params, body }) => delivery.handover(actor, params.id, body),
    }),
    jsonRoute({
      spec: {
        method: 'get',
        path: '/v1/inbox',
        operationId: 'listInbox',
        summary: '收件箱 / reports and escalations received by the caller’s court',
        tags: ['delivery'],
        query: inboxQuerySchema,
        responses: { 200: { description: 'received documents', schema: inboxListSchema } },
      },
      answer: ({ actor, query }) => delivery.inbox(actor, query),
    }),
    jsonRoute({
      spec: {
        method: 'post',
        path: '/v1/inbox/:documentId/:recipient/acknowledge',
        operationId: 'acknowledgeInboxItem',
        summary: '签收 / acknowledge a received document',
        tags: ['delivery'],
        params: inboxItemParamsSchema,
        responses: { 200: { description: 'the item', schema: inboxItemSchema } },
      },
      authorize: authorize('reporting', 'report'),
      answer: ({ actor, params }) => delivery.acknowledge(actor, params.documentId, params.recipient),
    }),
    defineRoute({
      spec: {
        method: 'post',
        path: '/v1/inbound-reports',
        operationId: 'receivePushedDocument',
        summary:
          '接收对端部署推送 / a document pushed by a peer deployment, authenticated with its key (R-RP-3)',
        tags: ['delivery'],
        // Not a user: the peer's own JWT, verified against its registered key in the handler.
        auth: false,
        body: inboundDocumentBodySchema,
        responses: { 200: { description: 'acknowledged', schema: inboundAckSchema } },
      },
      handler: async (req, res) => {
        res.json(
          await delivery.receive(req.headers.authorization, parseBody(req, inboundDocumentBodySchema)),
        );
      },
    }),
    jsonRoute({
      spec: {
        method: 'get',
        path: '/v1/rollup',
        operationId: 'getRollup',
        summary: '逐级汇总 / a court’s own records with its lower courts’ reports (R-RP-3)',
        tags: ['delivery'],
        query: rollupQuerySchema,
        responses: { 200: { description: 'roll-up', schema: rollupSchema } },
      },
      answer: ({ actor, query }) => rollup.rollup(actor, query.court, query.quarter),
    }),
  ];
}
