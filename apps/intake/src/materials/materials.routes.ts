import type { Express, RequestHandler } from 'express';
import { z } from 'zod';
import {
  exemptOpinionBodySchema,
  filingBodySchema,
  materialReceiptBodySchema,
  storableString,
  transferBodySchema,
  type RouteSpec,
} from '@jir/contracts';
import {
  actorOf,
  clientAddress,
  idempotency,
  parseBody,
  parseParams,
  parseQuery,
  type KitTables,
} from '@jir/service-kit';
import type { Kysely } from 'kysely';
import type { ExemptOpinionsService } from '../exempt-opinions/exempt-opinions.service.js';
import type { MaterialsService } from './materials.service.js';

const params = z.object({ id: z.uuid({ message: '编号应为 UUID / id is a UUID' }) });
const material = { description: 'the materials with their hops' };

export const materialRouteSpecs: RouteSpec[] = [
  {
    method: 'post',
    path: '/v1/materials',
    summary: '接收过问材料（有接收职能的部门） / receive materials (authorised departments only, R-TR-1)',
    tags: ['materials'],
    body: materialReceiptBodySchema,
    responses: { 201: material },
  },
  {
    method: 'get',
    path: '/v1/materials/:id',
    summary: '查看材料及递转记录 / materials and their hops',
    tags: ['materials'],
    params,
    responses: { 200: material },
  },
  {
    method: 'post',
    path: '/v1/materials/:id/filing',
    summary: '审判管理部门登记备案 / trial management files the materials (R-TR-2)',
    tags: ['materials'],
    params,
    body: filingBodySchema,
    responses: { 200: material },
  },
  {
    method: 'post',
    path: '/v1/materials/:id/transfers',
    summary: '逐级递转 / pass on one level (R-TR-3)',
    tags: ['materials'],
    params,
    body: transferBodySchema,
    responses: { 200: material },
  },
  {
    method: 'get',
    path: '/v1/refused-attempts',
    summary: '被拒绝的接收或递转尝试 / refused attempts to receive or pass on (R-TR-1)',
    tags: ['materials'],
    responses: { 200: { description: 'attempts' } },
  },
  {
    method: 'post',
    path: '/v1/exempt-opinions',
    summary: '登记委托或许可的参考意见（存入正卷） / file a commissioned reference opinion (R-SC-4)',
    tags: ['exempt opinions'],
    body: exemptOpinionBodySchema,
    responses: { 201: { description: 'the opinion, filed to the main volume' } },
  },
  {
    method: 'get',
    path: '/v1/exempt-opinions',
    summary: '参考意见列表 / exempt opinions',
    tags: ['exempt opinions'],
    query: z.object({ caseNumber: z.string().optional() }),
    responses: { 200: { description: 'opinions' } },
  },
];

export function mountMaterialRoutes(
  app: Express,
  deps: {
    materials: MaterialsService;
    opinions: ExemptOpinionsService;
    auth: RequestHandler;
    db: Kysely<KitTables>;
  },
) {
  const { materials: m, opinions, auth } = deps;
  const idem = idempotency({ db: deps.db });
  const id = (req: Parameters<RequestHandler>[0]) => parseParams(req, params).id;
  app.post('/v1/materials', auth, idem, async (req, res) => {
    res
      .status(201)
      .json(await m.receive(actorOf(res), parseBody(req, materialReceiptBodySchema), clientAddress(req)));
  });
  app.get('/v1/materials/:id', auth, async (req, res) => {
    res.json(await m.get(actorOf(res), id(req)));
  });
  app.post('/v1/materials/:id/filing', auth, async (req, res) => {
    const materialId = id(req);
    res.json(await m.file(actorOf(res), materialId, parseBody(req, filingBodySchema), clientAddress(req)));
  });
  app.post('/v1/materials/:id/transfers', auth, async (req, res) => {
    const materialId = id(req);
    res.json(
      await m.transfer(actorOf(res), materialId, parseBody(req, transferBodySchema), clientAddress(req)),
    );
  });
  app.get('/v1/refused-attempts', auth, async (_req, res) => {
    res.json(await m.refusedAttempts(actorOf(res)));
  });
  app.post('/v1/exempt-opinions', auth, idem, async (req, res) => {
    res.status(201).json(await opinions.create(actorOf(res), parseBody(req, exemptOpinionBodySchema)));
  });
  app.get('/v1/exempt-opinions', auth, async (req, res) => {
    res.json(
      await opinions.list(
        actorOf(res),
        parseQuery(req, z.object({ caseNumber: storableString().max(60).optional() }).strict()).caseNumber,
      ),
    );
  });
}
