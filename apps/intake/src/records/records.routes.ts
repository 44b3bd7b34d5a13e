import type { Express, RequestHandler } from 'express';
import { z } from 'zod';
import {
  amendmentBodySchema,
  recordBodySchema,
  recordIdParamsSchema,
  recordListQuerySchema,
  recordSchema,
  type RouteSpec,
} from '@jir/contracts';
import {
  actorOf,
  clientAddress,
  idempotency,
  parseBody,
  parseParams,
  parseQuery,
  requireRight,
  type KitTables,
} from '@jir/service-kit';
import type { Kysely } from 'kysely';
import type { RecordsService } from './records.service.js';

const record = { description: 'the record', schema: recordSchema };
const tags = ['records'];

/** Every records route, declared once for both Express and the OpenAPI document. */
export const recordRouteSpecs: RouteSpec[] = [
  {
    method: 'post',
    path: '/v1/records',
    summary: '创建过问记录 / create a record (draft, or entered with "enter": true)',
    tags,
    body: recordBodySchema,
    headers: z.object({ 'idempotency-key': z.string().optional() }),
    responses: { 201: record },
  },
  {
    method: 'get',
    path: '/v1/records',
    summary: '按分类查询记录 / list records by classification (R-RC-5), each read logged',
    tags,
    query: recordListQuerySchema,
    responses: {
      200: {
        description: 'a page',
        schema: z.object({ items: z.array(recordSchema), nextCursor: z.string().nullable() }),
      },
    },
  },
  {
    method: 'get',
    path: '/v1/records/:id',
    summary: '查看记录 / read a record (the read is logged, R-AC-3)',
    tags,
    params: recordIdParamsSchema,
    responses: { 200: record },
  },
  {
    method: 'post',
    path: '/v1/records/:id/enter',
    summary: '录入草稿 / enter a draft',
    tags,
    params: recordIdParamsSchema,
    responses: { 200: record },
  },
  {
    method: 'get',
    path: '/v1/records/:id/views',
    summary: '谁查看了我的记录 / who viewed the record (R-BX-5)',
    tags,
    params: recordIdParamsSchema,
    responses: {
      200: {
        description: 'views',
        schema: z.array(
          z.object({
            viewer: z.string(),
            court: z.string(),
            roles: z.array(z.string()),
            at: z.string(),
            address: z.string(),
          }),
        ),
      },
    },
  },
  {
    method: 'post',
    path: '/v1/records/:id/amendments',
    summary: '更正记录 / amend a record, keeping every version (R-RC-4)',
    tags,
    params: recordIdParamsSchema,
    body: amendmentBodySchema,
    responses: { 201: record },
  },
  {
    method: 'get',
    path: '/v1/records/:id/versions',
    summary: '记录的全部版本 / every version of a record',
    tags,
    params: recordIdParamsSchema,
    responses: { 200: { description: 'versions, oldest first' } },
  },
  {
    method: 'post',
    path: '/v1/records/:id/confirmations',
    summary: '在场人员签字确认 / confirm as a court employee present (R-RC-3)',
    tags,
    params: recordIdParamsSchema,
    responses: { 200: { description: 'confirmations' } },
  },
  {
    method: 'post',
    path: '/v1/records/:id/copy-delivery',
    summary: '报送信息表复印件 / deliver the copy to trial management',
    tags,
    params: recordIdParamsSchema,
    responses: { 200: record },
  },
  {
    method: 'post',
    path: '/v1/records/:id/copy-delivery/acknowledge',
    summary: '审判管理部门确认收到 / trial management acknowledges the copy',
    tags,
    params: recordIdParamsSchema,
    responses: { 200: record },
  },
];

export function mountRecordRoutes(
  app: Express,
  deps: { service: RecordsService; auth: RequestHandler; db: Kysely<KitTables> },
) {
  const { service: s, auth } = deps;
  const id = (req: Parameters<RequestHandler>[0]) => parseParams(req, recordIdParamsSchema).id;
  const ownEntry = requireRight('entry', (a) => ({
    kind: 'record',
    court: a.court,
    handler: a.sub,
    division: a.division,
  }));
  const idem = idempotency({ db: deps.db });

  app.post('/v1/records', auth, ownEntry, idem, async (req, res) => {
    res.status(201).json(await s.create(actorOf(res), parseBody(req, recordBodySchema)));
  });
  app.get('/v1/records', auth, async (req, res) => {
    res.json(await s.list(actorOf(res), parseQuery(req, recordListQuerySchema), clientAddress(req)));
  });
  app.get('/v1/records/:id', auth, async (req, res) => {
    res.json(await s.get(actorOf(res), id(req), clientAddress(req)));
  });
  app.post('/v1/records/:id/enter', auth, async (req, res) => {
    res.json(await s.enter(actorOf(res), id(req)));
  });
  app.get('/v1/records/:id/views', auth, async (req, res) => {
    res.json(await s.views(actorOf(res), id(req)));
  });
  app.post('/v1/records/:id/amendments', auth, idem, async (req, res) => {
    const recordId = id(req);
    res.status(201).json(await s.amend(actorOf(res), recordId, parseBody(req, amendmentBodySchema)));
  });
  app.get('/v1/records/:id/versions', auth, async (req, res) => {
    res.json(await s.versions(actorOf(res), id(req), clientAddress(req)));
  });
  app.post('/v1/records/:id/confirmations', auth, async (req, res) => {
    res.json(await s.confirm(actorOf(res), id(req)));
  });
  app.post('/v1/records/:id/copy-delivery', auth, async (req, res) => {
    res.json(await s.deliverCopy(actorOf(res), id(req)));
  });
  app.post('/v1/records/:id/copy-delivery/acknowledge', auth, async (req, res) => {
    res.json(await s.acknowledgeCopy(actorOf(res), id(req)));
  });
}
