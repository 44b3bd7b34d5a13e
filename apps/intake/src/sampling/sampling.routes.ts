import {
  drawBodySchema,
  drawItemParamsSchema,
  drawIdParamsSchema,
  drawListQuerySchema,
  sampleDrawPageSchema,
  sampleDrawSchema,
  sampleVerificationSchema,
  samplesAwaitingVerificationSchema,
  verificationBodySchema,
} from '@jir/contracts';
import { authorize, type Route } from '@jir/service-kit';
import { jsonRoutesSharing } from '../http/json-routes-sharing.js';
import type { SamplingService } from './sampling.service.js';

const drawsRoute = jsonRoutesSharing({ tags: ['sampling'] });
const onDraw = jsonRoutesSharing({ tags: ['sampling'], params: drawIdParamsSchema });
const onDrawItem = jsonRoutesSharing({ tags: ['sampling'], params: drawItemParamsSchema });

/** Quarterly sample verification (R-BX-3). */
export function samplingRoutes(deps: { sampling: SamplingService }): Route[] {
  const { sampling } = deps;
  return [
    drawsRoute({
      spec: {
        method: 'post',
        path: '/v1/sample-draws',
        operationId: 'drawSample',
        summary: '季度抽查 / draw a quarter’s sample for verification (R-BX-3)',
        body: drawBodySchema,
        responses: { 201: { description: 'the draw with its seed and items', schema: sampleDrawSchema } },
      },
      authorize: authorize('processing', 'sample-draw'),
      answer: (c) => sampling.draw(c.actor, c.body),
    }),
    drawsRoute({
      spec: {
        method: 'get',
        path: '/v1/sample-draws',
        operationId: 'listSampleDraws',
        summary: '抽查列表 / the court’s draws, newest first, with how far verification has got (R-BX-3)',
        query: drawListQuerySchema,
        responses: { 200: { description: 'one page of draws', schema: sampleDrawPageSchema } },
      },
      // A court other than the caller's, once the query is valid, is asked of can() by the service.
      authorize: authorize('viewing', 'sample-draw'),
      answer: (c) => sampling.list(c.actor, c.query),
    }),
    // Before /v1/sample-draws/:id, which would take the last segment for an id.
    drawsRoute({
      spec: {
        method: 'get',
        path: '/v1/sample-draws/awaiting-my-verification',
        operationId: 'listSamplesAwaitingMyVerification',
        summary: '待我核实的抽查记录 / drawn records waiting for my verification (R-BX-3)',
        responses: {
          200: { description: 'oldest draw first', schema: samplesAwaitingVerificationSchema },
        },
      },
      // Being present or heading the division is a fact of each row: every caller gets their own.
      answer: (c) => sampling.awaitingMine(c.actor),
    }),
    onDraw({
      spec: {
        method: 'get',
        path: '/v1/sample-draws/:id',
        operationId: 'getSampleDraw',
        summary: '抽查结果 / a draw and its verifications',
        responses: { 200: { description: 'draw', schema: sampleDrawSchema } },
      },
      answer: (c) => sampling.get(c.actor, c.params.id),
    }),
    onDrawItem({
      spec: {
        method: 'post',
        path: '/v1/sample-draws/:id/items/:recordId/verification',
        operationId: 'verifySampleItem',
        summary: '核实抽中的记录 / confirm or dispute a drawn record',
        body: verificationBodySchema,
        responses: { 200: { description: 'verification', schema: sampleVerificationSchema } },
      },
      answer: (c) => sampling.verify(c.actor, c.params.id, c.params.recordId, c.body),
    }),
  ];
}
