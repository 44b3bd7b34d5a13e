import { z } from 'zod';
import {
  exemptOpinionBodySchema,
  exemptOpinionConfirmationBodySchema,
  exemptOpinionConversionBodySchema,
  exemptOpinionListQuerySchema,
  exemptOpinionSchema,
  filingBodySchema,
  idParamsSchema,
  materialListQuerySchema,
  materialPageSchema,
  materialReceiptBodySchema,
  materialSchema,
  recordSchema,
  refusedAttemptSchema,
  transferBodySchema,
} from '@jir/contracts';
import { authorize, idempotency, type KitTables, type Route } from '@jir/service-kit';
import type { Kysely } from 'kysely';
import type { ExemptOpinionsService } from '../exempt-opinions/exempt-opinions.service.js';
import { jsonRoutesSharing } from '../http/json-routes-sharing.js';
import type { MaterialsService } from './materials.service.js';

const material = { description: 'the materials with their hops', schema: materialSchema };

const materialsRoute = jsonRoutesSharing({ tags: ['materials'] });
const onMaterials = jsonRoutesSharing({ tags: ['materials'], params: idParamsSchema });
const opinionsRoute = jsonRoutesSharing({ tags: ['exempt opinions'] });
const onOpinion = jsonRoutesSharing({ tags: ['exempt opinions'], params: idParamsSchema });

/**
 * The materials chain and exempt opinions. Receiving and filing check their
 * rights in the service, which keeps each refused attempt (R-TR-1).
 */
export function materialRoutes(deps: {
  materials: MaterialsService;
  opinions: ExemptOpinionsService;
  db: Kysely<KitTables>;
}): Route[] {
  const { materials: m, opinions } = deps;
  const idem = idempotency({ db: deps.db });
  return [
    materialsRoute({
      spec: {
        method: 'post',
        path: '/v1/materials',
        operationId: 'receiveMaterials',
        summary: '接收过问材料（有接收职能的部门） / receive materials (authorised departments only, R-TR-1)',
        body: materialReceiptBodySchema,
        responses: { 201: material },
      },
      use: [idem],
      answer: (c) => m.receive(c.actor, c.body, c.address),
    }),
    materialsRoute({
      spec: {
        method: 'get',
        path: '/v1/materials',
        operationId: 'listMaterials',
        summary:
          '材料列表（waitingFor=me：待本人登记、递转或接收） / materials; waitingFor=me: those waiting for the caller to register, pass on or receive (R-TR-2, R-TR-3)',
        query: materialListQuerySchema,
        responses: { 200: { description: 'one page of materials', schema: materialPageSchema } },
      },
      // Being the holder or named in the filing form is a fact of the row: the service narrows by it.
      answer: (c) => m.list(c.actor, c.query),
    }),
    onMaterials({
      spec: {
        method: 'get',
        path: '/v1/materials/:id',
        operationId: 'getMaterials',
        summary: '查看材料及递转记录 / materials and their hops',
        responses: { 200: material },
      },
      answer: (c) => m.get(c.actor, c.params.id),
    }),
    onMaterials({
      spec: {
        method: 'post',
        path: '/v1/materials/:id/filing',
        operationId: 'fileMaterials',
        summary: '审判管理部门登记备案 / trial management files the materials (R-TR-2)',
        body: filingBodySchema,
        responses: { 200: material },
      },
      answer: (c) => m.file(c.actor, c.params.id, c.body, c.address),
    }),
    onMaterials({
      spec: {
        method: 'post',
        path: '/v1/materials/:id/transfers',
        operationId: 'transferMaterials',
        summary: '逐级递转 / pass on one level (R-TR-3)',
        body: transferBodySchema,
        responses: { 200: material },
      },
      answer: (c) => m.transfer(c.actor, c.params.id, c.body, c.address),
    }),
    materialsRoute({
      spec: {
        method: 'get',
        path: '/v1/refused-attempts',
        operationId: 'listRefusedAttempts',
        summary: '被拒绝的接收或递转尝试 / refused attempts to receive or pass on (R-TR-1)',
        responses: { 200: { description: 'attempts', schema: z.array(refusedAttemptSchema) } },
      },
      authorize: authorize('viewing', 'refused-attempt'),
      answer: (c) => m.refusedAttempts(c.actor),
    }),
    opinionsRoute({
      spec: {
        method: 'post',
        path: '/v1/exempt-opinions',
        operationId: 'createExemptOpinion',
        summary: '登记委托或许可的参考意见（存入正卷） / file a commissioned reference opinion (R-SC-4)',
        body: exemptOpinionBodySchema,
        responses: {
          201: { description: 'the opinion, filed to the main volume', schema: exemptOpinionSchema },
        },
      },
      use: [idem],
      answer: (c) => opinions.create(c.actor, c.body),
    }),
    opinionsRoute({
      spec: {
        method: 'get',
        path: '/v1/exempt-opinions',
        operationId: 'listExemptOpinions',
        summary: '参考意见列表 / exempt opinions',
        query: exemptOpinionListQuerySchema,
        responses: { 200: { description: 'opinions', schema: z.array(exemptOpinionSchema) } },
      },
      answer: (c) => opinions.list(c.actor, c.query.caseNumber),
    }),
    onOpinion({
      spec: {
        method: 'post',
        path: '/v1/exempt-opinions/:id/confirmation',
        operationId: 'decideExemptOpinion',
        summary:
          '审判管理部门确认或不予确认参考意见（核对委托或许可文书） / trial management confirms or rejects an exemption (R-SC-4)',
        body: exemptOpinionConfirmationBodySchema,
        responses: { 200: { description: 'the opinion with its decisions', schema: exemptOpinionSchema } },
      },
      answer: (c) => opinions.decide(c.actor, c.params.id, c.body),
    }),
    onOpinion({
      spec: {
        method: 'post',
        path: '/v1/exempt-opinions/:id/conversion',
        operationId: 'convertExemptOpinion',
        summary:
          '误作参考意见登记的转为过问记录（保留原登记） / convert a wrongly exempted opinion into a record, keeping its history (R-SC-4)',
        body: exemptOpinionConversionBodySchema,
        responses: {
          201: {
            description: 'the opinion and the record it became',
            schema: z.object({ opinion: exemptOpinionSchema, record: recordSchema }),
          },
        },
      },
      use: [idem],
      answer: (c) => opinions.convert(c.actor, c.params.id, c.body, c.address),
    }),
  ];
}
