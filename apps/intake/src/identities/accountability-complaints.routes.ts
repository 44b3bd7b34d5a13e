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
import { authorize, idempotency, type KitTables, type Route } from '@jir/service-kit';
import type { Kysely } from 'kysely';
import type { AccountabilityService } from '../accountability/accountability.service.js';
import type { ComplaintsService } from '../complaints/complaints.service.js';
import { jsonRoute } from '../http/json-route.js';
import { jsonRoutesSharing } from '../http/json-routes-sharing.js';
import type { IdentitiesService } from './identities.service.js';

const identity = { description: 'identity', schema: identitySchema };
const complaint = { description: 'complaint', schema: complaintSchema };

const identitiesRoute = jsonRoutesSharing({ tags: ['identities'] });
const onIdentity = jsonRoutesSharing({ tags: ['identities'], params: idParamsSchema });
const ledgerRoute = jsonRoutesSharing({ tags: ['accountability'] });
const complaintsRoute = jsonRoutesSharing({ tags: ['complaints'] });
const onComplaint = jsonRoutesSharing({ tags: ['complaints'], params: idParamsSchema });

/** Interferer identities, the accountability ledger and complaints of retaliation. */
export function accountabilityRoutes(deps: {
  identities: IdentitiesService;
  ledger: AccountabilityService;
  complaints: ComplaintsService;
  db: Kysely<KitTables>;
}): Route[] {
  const { identities, ledger, complaints } = deps;
  const idem = idempotency({ db: deps.db });
  const readIdentities = authorize('viewing', 'interferer-identity');
  const manageIdentities = authorize('processing', 'interferer-identity');
  return [
    identitiesRoute({
      spec: {
        method: 'get',
        path: '/v1/interferer-identities',
        operationId: 'listInterfererIdentities',
        summary: '过问人身份（跨案件、跨法院） / interferer identities across records and courts (R-BX-2)',
        query: identityListQuerySchema,
        responses: {
          200: { description: 'identities with record counts', schema: z.array(identitySummarySchema) },
        },
      },
      authorize: readIdentities,
      answer: (c) => identities.list(c.actor, c.query.q),
    }),
    onIdentity({
      spec: {
        method: 'get',
        path: '/v1/interferer-identities/:id',
        operationId: 'getInterfererIdentity',
        summary: '一个过问人的全部记录 / one identity and its records',
        responses: { 200: identity },
      },
      authorize: readIdentities,
      answer: (c) => identities.get(c.actor, c.params.id),
    }),
    onIdentity({
      spec: {
        method: 'post',
        path: '/v1/interferer-identities/:id/merge',
        operationId: 'mergeInterfererIdentity',
        summary: '合并身份 / merge into another identity',
        body: identityMergeBodySchema,
        responses: { 200: { description: 'merged identity', schema: identitySchema } },
      },
      authorize: manageIdentities,
      answer: (c) => identities.merge(c.actor, c.params.id, c.body.into, c.body.reason),
    }),
    // On a record, not an identity: the record is moved to the identity the body names.
    jsonRoute({
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
      answer: (c) => identities.split(c.actor, c.params.id, c.body.identityId, c.body.reason),
    }),
    ledgerRoute({
      spec: {
        method: 'post',
        path: '/v1/accountability-entries',
        operationId: 'createAccountabilityEntry',
        summary: '责任追究台账登记 / record a violation with the suggested sanction (R-AB-1)',
        body: accountabilityBodySchema,
        responses: { 201: { description: 'ledger entry', schema: accountabilityEntrySchema } },
      },
      use: [idem],
      answer: (c) => ledger.create(c.actor, c.body),
    }),
    ledgerRoute({
      spec: {
        method: 'get',
        path: '/v1/accountability-entries',
        operationId: 'listAccountabilityEntries',
        summary: '责任追究台账 / the accountability ledger',
        query: accountabilityListQuerySchema,
        responses: { 200: { description: 'entries', schema: z.array(accountabilityEntrySchema) } },
      },
      answer: (c) => ledger.list(c.actor, c.query.staff),
    }),
    complaintsRoute({
      spec: {
        method: 'post',
        path: '/v1/complaints',
        operationId: 'fileComplaint',
        summary: '向上一级法院控告打击报复 / complain of retaliation to the court one level up (R-AB-2)',
        body: complaintBodySchema,
        responses: { 201: complaint },
      },
      use: [idem],
      answer: (c) => complaints.file(c.actor, c.body),
    }),
    complaintsRoute({
      spec: {
        method: 'get',
        path: '/v1/complaints',
        operationId: 'listComplaints',
        summary: '控告列表 / complaints (receiving court’s designated staff, or the complainant)',
        responses: { 200: { description: 'complaints', schema: z.array(complaintSchema) } },
      },
      answer: (c) => complaints.list(c.actor),
    }),
    onComplaint({
      spec: {
        method: 'get',
        path: '/v1/complaints/:id',
        operationId: 'getComplaint',
        summary: '控告详情 / one complaint',
        responses: { 200: complaint },
      },
      answer: (c) => complaints.get(c.actor, c.params.id),
    }),
    onComplaint({
      spec: {
        method: 'post',
        path: '/v1/complaints/:id/actions',
        operationId: 'actOnComplaint',
        summary: '报告政法委或层报最高法院 / report to the committee or escalate to the SPC',
        body: complaintActionBodySchema,
        responses: { 200: complaint },
      },
      answer: (c) => complaints.act(c.actor, c.params.id, c.body),
    }),
  ];
}
