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
import {
  actorOf,
  authorize,
  defineRoute,
  parseBody,
  parseParams,
  parseQuery,
  type Route,
} from '@jir/service-kit';
import type { SamplingService } from './sampling.service.js';

/** Quarterly sample verification (R-BX-3). */
export function samplingRoutes(deps: { sampling: SamplingService }): Route[] {
  const { sampling } = deps;
  return [
    defineRoute({
      spec: {
        method: 'post',
        path: '/v1/sample-draws',
        operationId: 'drawSample',
        summary: '季度抽查 / draw a quarter’s sample for verification (R-BX-3)',
        tags: ['sampling'],
        body: drawBodySchema,
        responses: { 201: { description: 'the draw with its seed and items', schema: sampleDrawSchema } },
      },
      authorize: authorize('processing', 'sample-draw'),
      handler: async (req, res) => {
        res.status(201).json(await sampling.draw(actorOf(res), parseBody(req, drawBodySchema)));
      },
    }),
    defineRoute({
      spec: {
        method: 'get',
        path: '/v1/sample-draws',
        operationId: 'listSampleDraws',
        summary: '抽查列表 / the court’s draws, newest first, with how far verification has got (R-BX-3)',
        tags: ['sampling'],
        query: drawListQuerySchema,
        responses: { 200: { description: 'one page of draws', schema: sampleDrawPageSchema } },
      },
      // A court other than the caller's, once the query is valid, is asked of can() by the service.
      authorize: authorize('viewing', 'sample-draw'),
      handler: async (req, res) => {
        res.json(await sampling.list(actorOf(res), parseQuery(req, drawListQuerySchema)));
      },
    }),
    // Before /v1/sample-draws/:id, which would take the last segment for an id.
    defineRoute({
      spec: {
        method: 'get',
        path: '/v1/sample-draws/awaiting-my-verification',
        operationId: 'listSamplesAwaitingMyVerification',
        summary: '待我核实的抽查记录 / drawn records waiting for my verification (R-BX-3)',
        tags: ['sampling'],
        responses: {
          200: { description: 'oldest draw first', schema: samplesAwaitingVerificationSchema },
        },
      },
      // Being present or heading the division is a fact of each row: every caller gets their own.
      handler: async (_req, res) => {
        res.json(await sampling.awaitingMine(actorOf(res)));
      },
    }),
    defineRoute({
      spec: {
        method: 'get',
        path: '/v1/sample-draws/:id',
        operationId: 'getSampleDraw',
        summary: '抽查结果 / a draw and its verifications',
        tags: ['sampling'],
        params: drawIdParamsSchema,
        responses: { 200: { description: 'draw', schema: sampleDrawSchema } },
      },
      handler: async (req, res) => {
        res.json(await sampling.get(actorOf(res), parseParams(req, drawIdParamsSchema).id));
      },
    }),
    defineRoute({
      spec: {
        method: 'post',
        path: '/v1/sample-draws/:id/items/:recordId/verification',
        operationId: 'verifySampleItem',
        summary: '核实抽中的记录 / confirm or dispute a drawn record',
        tags: ['sampling'],
        params: drawItemParamsSchema,
        body: verificationBodySchema,
        responses: { 200: { description: 'verification', schema: sampleVerificationSchema } },
      },
      handler: async (req, res) => {
        const p = parseParams(req, drawItemParamsSchema);
        res.json(
          await sampling.verify(actorOf(res), p.id, p.recordId, parseBody(req, verificationBodySchema)),
        );
      },
    }),
  ];
}
