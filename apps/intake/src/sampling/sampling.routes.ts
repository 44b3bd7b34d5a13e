import type { Express, RequestHandler } from 'express';
import { z } from 'zod';
import type { RouteSpec } from '@jir/contracts';
import { actorOf, parseBody, parseParams } from '@jir/service-kit';
import { drawBodySchema, verificationBodySchema, type SamplingService } from './sampling.service.js';

const drawParams = z.object({ id: z.uuid() });
const itemParams = z.object({ id: z.uuid(), recordId: z.uuid() });

export const samplingRouteSpecs: RouteSpec[] = [
  {
    method: 'post',
    path: '/v1/sample-draws',
    summary: '季度抽查 / draw a quarter’s sample for verification (R-BX-3)',
    tags: ['sampling'],
    body: drawBodySchema,
    responses: { 201: { description: 'the draw with its seed and items' } },
  },
  {
    method: 'get',
    path: '/v1/sample-draws/:id',
    summary: '抽查结果 / a draw and its verifications',
    tags: ['sampling'],
    params: drawParams,
    responses: { 200: { description: 'draw' } },
  },
  {
    method: 'post',
    path: '/v1/sample-draws/:id/items/:recordId/verification',
    summary: '核实抽中的记录 / confirm or dispute a drawn record',
    tags: ['sampling'],
    params: itemParams,
    body: verificationBodySchema,
    responses: { 200: { description: 'verification' } },
  },
];

export function mountSamplingRoutes(app: Express, deps: { sampling: SamplingService; auth: RequestHandler }) {
  const { sampling, auth } = deps;
  app.post('/v1/sample-draws', auth, async (req, res) => {
    res.status(201).json(await sampling.draw(actorOf(res), parseBody(req, drawBodySchema)));
  });
  app.get('/v1/sample-draws/:id', auth, async (req, res) => {
    res.json(await sampling.get(actorOf(res), parseParams(req, drawParams).id));
  });
  app.post('/v1/sample-draws/:id/items/:recordId/verification', auth, async (req, res) => {
    const p = parseParams(req, itemParams);
    res.json(await sampling.verify(actorOf(res), p.id, p.recordId, parseBody(req, verificationBodySchema)));
  });
}
