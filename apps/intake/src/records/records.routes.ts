import { z } from 'zod';
import {
  amendmentBodySchema,
  receiptCorrectionBodySchema,
  receiptCorrectionDecisionBodySchema,
  receiptCorrectionSchema,
  recordBodySchema,
  recordConfirmationsSchema,
  recordListQuerySchema,
  recordPageSchema,
  recordSchema,
  recordVersionSchema,
  recordViewSchema,
} from '@jir/contracts';
import { authorize, idempotency, type KitTables, type Route } from '@jir/service-kit';
import type { Kysely } from 'kysely';
import { onReceiptCorrection, onRecord, recordsRoute } from './records-route.js';
import type { RecordsService } from './records.service.js';

const record = { description: 'the record', schema: recordSchema };
const correction = { description: 'the receipt correction', schema: receiptCorrectionSchema };

/** Every records route: its contract and its handler, declared once. */
export function recordRoutes(deps: { service: RecordsService; db: Kysely<KitTables> }): Route[] {
  const { service: s } = deps;
  const idem = idempotency({ db: deps.db });
  return [
    recordsRoute({
      spec: {
        method: 'post',
        path: '/v1/records',
        operationId: 'createRecord',
        summary: '创建过问记录 / create a record (draft, or entered with "enter": true)',
        body: recordBodySchema,
        headers: z.object({ 'idempotency-key': z.string().optional() }),
        responses: { 201: record },
      },
      // A record of one's own, in one's own court: only its handler enters it (R-AC-1).
      authorize: authorize('entry', (a) => ({
        kind: 'record',
        court: a.court,
        handler: a.sub,
        division: a.division,
      })),
      use: [idem],
      answer: (c) => s.create(c.actor, c.body, c.address),
    }),
    recordsRoute({
      spec: {
        method: 'get',
        path: '/v1/records',
        operationId: 'listRecords',
        summary: '按分类查询记录 / list records by classification (R-RC-5), each read logged',
        query: recordListQuerySchema,
        responses: { 200: { description: 'a page', schema: recordPageSchema } },
      },
      answer: (c) => s.list(c.actor, c.query, c.address),
    }),
    onRecord({
      spec: {
        method: 'get',
        path: '/v1/records/:id',
        operationId: 'getRecord',
        summary: '查看记录 / read a record (the read is logged, R-AC-3)',
        responses: { 200: record },
      },
      answer: (c) => s.get(c.actor, c.params.id, c.address),
    }),
    onRecord({
      spec: {
        method: 'post',
        path: '/v1/records/:id/enter',
        operationId: 'enterRecord',
        summary: '录入草稿 / enter a draft',
        responses: { 200: record },
      },
      answer: (c) => s.enter(c.actor, c.params.id),
    }),
    onRecord({
      spec: {
        method: 'get',
        path: '/v1/records/:id/views',
        operationId: 'listRecordViews',
        summary: '谁查看了我的记录 / who viewed the record (R-BX-5)',
        responses: { 200: { description: 'views', schema: z.array(recordViewSchema) } },
      },
      answer: (c) => s.views(c.actor, c.params.id),
    }),
    onRecord({
      spec: {
        method: 'post',
        path: '/v1/records/:id/amendments',
        operationId: 'amendRecord',
        summary: '更正记录 / amend a record, keeping every version (R-RC-4)',
        body: amendmentBodySchema,
        responses: { 201: record },
      },
      use: [idem],
      answer: (c) => s.amend(c.actor, c.params.id, c.body),
    }),
    onRecord({
      spec: {
        method: 'get',
        path: '/v1/records/:id/versions',
        operationId: 'listRecordVersions',
        summary: '记录的全部版本 / every version of a record',
        responses: { 200: { description: 'versions, oldest first', schema: z.array(recordVersionSchema) } },
      },
      answer: (c) => s.versions(c.actor, c.params.id, c.address),
    }),
    onRecord({
      spec: {
        method: 'post',
        path: '/v1/records/:id/confirmations',
        operationId: 'confirmRecord',
        summary: '在场人员签字确认 / confirm as a court employee present (R-RC-3)',
        responses: { 200: { description: 'confirmations', schema: recordConfirmationsSchema } },
      },
      answer: (c) => s.confirm(c.actor, c.params.id),
    }),
    onRecord({
      spec: {
        method: 'post',
        path: '/v1/records/:id/copy-delivery',
        operationId: 'deliverRecordCopy',
        summary: '报送信息表复印件 / deliver the copy to trial management',
        responses: { 200: record },
      },
      answer: (c) => s.deliverCopy(c.actor, c.params.id),
    }),
    onRecord({
      spec: {
        method: 'post',
        path: '/v1/records/:id/copy-delivery/acknowledge',
        operationId: 'acknowledgeRecordCopy',
        summary: '审判管理部门确认收到 / trial management acknowledges the copy',
        responses: { 200: record },
      },
      answer: (c) => s.acknowledgeCopy(c.actor, c.params.id),
    }),
    // A change of an entered record's receipt time: the handler asks, trial management decides (R-RC-4).
    onRecord({
      spec: {
        method: 'post',
        path: '/v1/records/:id/receipt-corrections',
        operationId: 'requestReceiptCorrection',
        summary:
          '申请更正收到时间 / ask trial management to change an entered record’s receipt time (R-RC-4)',
        body: receiptCorrectionBodySchema,
        responses: { 201: correction },
      },
      use: [idem],
      answer: (c) => s.requestReceiptCorrection(c.actor, c.params.id, c.body),
    }),
    onReceiptCorrection({
      spec: {
        method: 'post',
        path: '/v1/records/:id/receipt-corrections/:correctionId/decision',
        operationId: 'decideReceiptCorrection',
        summary: '审判管理部门决定收到时间更正 / trial management approves or rejects it (R-RC-4)',
        body: receiptCorrectionDecisionBodySchema,
        responses: { 200: correction },
      },
      use: [idem],
      answer: (c) => s.decideReceiptCorrection(c.actor, c.params.id, c.params.correctionId, c.body),
    }),
  ];
}
