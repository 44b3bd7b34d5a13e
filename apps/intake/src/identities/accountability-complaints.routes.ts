import type { RequestHandler } from 'express';
import { z } from 'zod';
import {
  accountabilityBodySchema,
  accountabilityEntrySchema,
  accountabilityListQuerySchema,
  complaintActionBodySchema,
  complaintBodySchema,
  complaintSchema,
  identityListQuerySchema,
  identityMergeBodySchema,
  identitySchema,
  identitySplitBodySchema,
  identitySummarySchema,
  idParamsSchema,
} from '@jir/contracts';
import {
  actorOf,
  authorize,
  defineRoute,
  idempotency,
  parseBody,
  parseParams,
  parseQuery,
  type KitTables,
  type Route,
} from '@jir/service-kit';
import type { Kysely } from 'kysely';
import type { AccountabilityService } from '../accountability/accountability.service.js';
import type { ComplaintsService } from '../complaints/complaints.service.js';
import type { IdentitiesService } from './identities.service.js';

const identity = { description: 'identity', schema: identitySchema };
const complaint = { description: 'complaint', schema: complaintSchema };

/** Interferer identities, the accountability ledger and complaints of retaliation. */
export function accountabilityRoutes(deps: {
  identities: IdentitiesService;
  ledger: AccountabilityService;
  complaints: ComplaintsService;
  db: Kysely<KitTables>;
}): Route[] {
  const { identities, ledger, complaints } = deps;
  const idem = idempotency({ db: deps.db });
  const id = (req: Parameters<RequestHandler>[0]) => parseParams(req, idParamsSchema).id;
  const readIdentities = authorize('viewing', 'interferer-identity');
  const manageIdentities = authorize('processing', 'interferer-identity');
  return [
    defineRoute({
      spec: {
        method: 'get',
        path: '/v1/interferer-identities',
        operationId: 'listInterfererIdentities',
        summary: '过问人身份（跨案件、跨法院） / interferer identities across records and courts (R-BX-2)',
        tags: ['identities'],
        query: identityListQuerySchema,
        responses: {
          200: { description: 'identities with record counts', schema: z.array(identitySummarySchema) },
        },
      },
      authorize: readIdentities,
      handler: async (req, res) => {
        res.json(await identities.list(actorOf(res), parseQuery(req, identityListQuerySchema).q));
      },
    }),
    defineRoute({
      spec: {
        method: 'get',
        path: '/v1/interferer-identities/:id',
        operationId: 'getInterfererIdentity',
        summary: '一个过问人的全部记录 / one identity and its records',
        tags: ['identities'],
        params: idParamsSchema,
        responses: { 200: identity },
      },
      authorize: readIdentities,
      handler: async (req, res) => {
        res.json(await identities.get(actorOf(res), id(req)));
      },
    }),
    defineRoute({
      spec: {
        method: 'post',
        path: '/v1/interferer-identities/:id/merge',
        operationId: 'mergeInterfererIdentity',
        summary: '合并身份 / merge into another identity',
        tags: ['identities'],
        params: idParamsSchema,
        body: identityMergeBodySchema,
        responses: { 200: { description: 'merged identity', schema: identitySchema } },
      },
      authorize: manageIdentities,
      handler: async (req, res) => {
        const from = id(req);
        const b = parseBody(req, identityMergeBodySchema);
        res.json(await identities.merge(actorOf(res), from, b.into, b.reason));
      },
    }),
    defineRoute({
      spec: {
        method: 'post',
        path: '/v1/records/:id/identity',
        operationId: 'splitRecordIdentity',
        summary: '拆分：将记录移至其他身份 / split a record off to another or a new identity',
        tags: ['identities'],
        params: idParamsSchema,
        body: identitySplitBodySchema,
        responses: { 200: { description: 'target identity', schema: identitySchema } },
      },
      authorize: manageIdentities,
      handler: async (req, res) => {
        const recordId = id(req);
        const b = parseBody(req, identitySplitBodySchema);
        res.json(await identities.split(actorOf(res), recordId, b.identityId, b.reason));
      },
    }),
    defineRoute({
      spec: {
        method: 'post',
        path: '/v1/accountability-entries',
        operationId: 'createAccountabilityEntry',
        summary: '责任追究台账登记 / record a violation with the suggested sanction (R-AB-1)',
        tags: ['accountability'],
        body: accountabilityBodySchema,
        responses: { 201: { description: 'ledger entry', schema: accountabilityEntrySchema } },
      },
      use: [idem],
      handler: async (req, res) => {
        res.status(201).json(await ledger.create(actorOf(res), parseBody(req, accountabilityBodySchema)));
      },
    }),
    defineRoute({
      spec: {
        method: 'get',
        path: '/v1/accountability-entries',
        operationId: 'listAccountabilityEntries',
        summary: '责任追究台账 / the accountability ledger',
        tags: ['accountability'],
        query: accountabilityListQuerySchema,
        responses: { 200: { description: 'entries', schema: z.array(accountabilityEntrySchema) } },
      },
      handler: async (req, res) => {
        res.json(await ledger.list(actorOf(res), parseQuery(req, accountabilityListQuerySchema).staff));
      },
    }),
    defineRoute({
      spec: {
        method: 'post',
        path: '/v1/complaints',
        operationId: 'fileComplaint',
        summary: '向上一级法院控告打击报复 / complain of retaliation to the court one level up (R-AB-2)',
        tags: ['complaints'],
        body: complaintBodySchema,
        responses: { 201: complaint },
      },
      use: [idem],
      handler: async (req, res) => {
        res.status(201).json(await complaints.file(actorOf(res), parseBody(req, complaintBodySchema)));
      },
    }),
    defineRoute({
      spec: {
        method: 'get',
        path: '/v1/complaints',
        operationId: 'listComplaints',
        summary: '控告列表 / complaints (receiving court’s designated staff, or the complainant)',
        tags: ['complaints'],
        responses: { 200: { description: 'complaints', schema: z.array(complaintSchema) } },
      },
      handler: async (_req, res) => {
        res.json(await complaints.list(actorOf(res)));
      },
    }),
    defineRoute({
      spec: {
        method: 'get',
        path: '/v1/complaints/:id',
        operationId: 'getComplaint',
        summary: '控告详情 / one complaint',
        tags: ['complaints'],
        params: idParamsSchema,
        responses: { 200: complaint },
      },
      handler: async (req, res) => {
        res.json(await complaints.get(actorOf(res), id(req)));
      },
    }),
    defineRoute({
      spec: {
        method: 'post',
        path: '/v1/complaints/:id/actions',
        operationId: 'actOnComplaint',
        summary: '报告政法委或层报最高法院 / report to the committee or escalate to the SPC',
        tags: ['complaints'],
        params: idParamsSchema,
        body: complaintActionBodySchema,
        responses: { 200: complaint },
      },
      handler: async (req, res) => {
        const complaintId = id(req);
        res.json(await complaints.act(actorOf(res), complaintId, parseBody(req, complaintActionBodySchema)));
      },
    }),
  ];
}
