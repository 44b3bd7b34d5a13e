import type { Express, RequestHandler } from 'express';
import { z } from 'zod';
import { storableString, storableText, type RouteSpec } from '@jir/contracts';
import { actorOf, idempotency, parseBody, parseParams, parseQuery, type KitTables } from '@jir/service-kit';
import type { Kysely } from 'kysely';
import {
  accountabilityBodySchema,
  type AccountabilityService,
} from '../accountability/accountability.service.js';
import {
  complaintActionBodySchema,
  complaintBodySchema,
  type ComplaintsService,
} from '../complaints/complaints.service.js';
import type { IdentitiesService } from './identities.service.js';

const params = z.object({ id: z.uuid({ message: '编号应为 UUID / id is a UUID' }) });
const mergeBody = z.object({ into: z.uuid(), reason: storableText(2000) }).strict();
const splitBody = z.object({ identityId: z.uuid().optional(), reason: storableText(2000) }).strict();
const ok = (description: string) => ({ 200: { description } });

export const accountabilityRouteSpecs: RouteSpec[] = [
  {
    method: 'get',
    path: '/v1/interferer-identities',
    summary: '过问人身份（跨案件、跨法院） / interferer identities across records and courts (R-BX-2)',
    tags: ['identities'],
    query: z.object({ q: z.string().optional() }),
    responses: ok('identities with record counts'),
  },
  {
    method: 'get',
    path: '/v1/interferer-identities/:id',
    summary: '一个过问人的全部记录 / one identity and its records',
    tags: ['identities'],
    params,
    responses: ok('identity'),
  },
  {
    method: 'post',
    path: '/v1/interferer-identities/:id/merge',
    summary: '合并身份 / merge into another identity',
    tags: ['identities'],
    params,
    body: mergeBody,
    responses: ok('merged identity'),
  },
  {
    method: 'post',
    path: '/v1/records/:id/identity',
    summary: '拆分：将记录移至其他身份 / split a record off to another or a new identity',
    tags: ['identities'],
    params,
    body: splitBody,
    responses: ok('target identity'),
  },
  {
    method: 'post',
    path: '/v1/accountability-entries',
    summary: '责任追究台账登记 / record a violation with the suggested sanction (R-AB-1)',
    tags: ['accountability'],
    body: accountabilityBodySchema,
    responses: { 201: { description: 'ledger entry' } },
  },
  {
    method: 'get',
    path: '/v1/accountability-entries',
    summary: '责任追究台账 / the accountability ledger',
    tags: ['accountability'],
    query: z.object({ staff: z.string().optional() }),
    responses: ok('entries'),
  },
  {
    method: 'post',
    path: '/v1/complaints',
    summary: '向上一级法院控告打击报复 / complain of retaliation to the court one level up (R-AB-2)',
    tags: ['complaints'],
    body: complaintBodySchema,
    responses: { 201: { description: 'complaint' } },
  },
  {
    method: 'get',
    path: '/v1/complaints',
    summary: '控告列表 / complaints (receiving court’s designated staff, or the complainant)',
    tags: ['complaints'],
    responses: ok('complaints'),
  },
  {
    method: 'get',
    path: '/v1/complaints/:id',
    summary: '控告详情 / one complaint',
    tags: ['complaints'],
    params,
    responses: ok('complaint'),
  },
  {
    method: 'post',
    path: '/v1/complaints/:id/actions',
    summary: '报告政法委或层报最高法院 / report to the committee or escalate to the SPC',
    tags: ['complaints'],
    params,
    body: complaintActionBodySchema,
    responses: ok('complaint'),
  },
];

export function mountAccountabilityRoutes(
  app: Express,
  deps: {
    identities: IdentitiesService;
    ledger: AccountabilityService;
    complaints: ComplaintsService;
    auth: RequestHandler;
    db: Kysely<KitTables>;
  },
) {
  const { identities, ledger, complaints, auth } = deps;
  const idem = idempotency({ db: deps.db });
  const id = (req: Parameters<RequestHandler>[0]) => parseParams(req, params).id;
  app.get('/v1/interferer-identities', auth, async (req, res) => {
    res.json(
      await identities.list(
        actorOf(res),
        parseQuery(req, z.object({ q: storableString().max(100).optional() }).strict()).q,
      ),
    );
  });
  app.get('/v1/interferer-identities/:id', auth, async (req, res) => {
    res.json(await identities.get(actorOf(res), id(req)));
  });
  app.post('/v1/interferer-identities/:id/merge', auth, async (req, res) => {
    const from = id(req);
    const b = parseBody(req, mergeBody);
    res.json(await identities.merge(actorOf(res), from, b.into, b.reason));
  });
  app.post('/v1/records/:id/identity', auth, async (req, res) => {
    const recordId = id(req);
    const b = parseBody(req, splitBody);
    res.json(await identities.split(actorOf(res), recordId, b.identityId, b.reason));
  });
  app.post('/v1/accountability-entries', auth, idem, async (req, res) => {
    res.status(201).json(await ledger.create(actorOf(res), parseBody(req, accountabilityBodySchema)));
  });
  app.get('/v1/accountability-entries', auth, async (req, res) => {
    res.json(
      await ledger.list(
        actorOf(res),
        parseQuery(req, z.object({ staff: storableString().max(200).optional() }).strict()).staff,
      ),
    );
  });
  app.post('/v1/complaints', auth, idem, async (req, res) => {
    res.status(201).json(await complaints.file(actorOf(res), parseBody(req, complaintBodySchema)));
  });
  app.get('/v1/complaints', auth, async (_req, res) => {
    res.json(await complaints.list(actorOf(res)));
  });
  app.get('/v1/complaints/:id', auth, async (req, res) => {
    res.json(await complaints.get(actorOf(res), id(req)));
  });
  app.post('/v1/complaints/:id/actions', auth, async (req, res) => {
    const complaintId = id(req);
    res.json(await complaints.act(actorOf(res), complaintId, parseBody(req, complaintActionBodySchema)));
  });
}
