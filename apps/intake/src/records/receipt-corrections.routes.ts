import {
  receiptCorrectionBodySchema,
  receiptCorrectionDecisionBodySchema,
  receiptCorrectionParamsSchema,
  receiptCorrectionSchema,
  recordIdParamsSchema,
} from '@jir/contracts';
import { idempotency, type KitTables, type Route } from '@jir/service-kit';
import type { Kysely } from 'kysely';
import { jsonRoute } from '../http/json-route.js';
import type { RecordsService } from './records.service.js';

const correction = { description: 'the receipt correction', schema: receiptCorrectionSchema };
const tags = ['records'];

/**
 * A change of an entered record's receipt time: the handler asks, trial
 * management decides (R-RC-4).
 */
export function receiptCorrectionRoutes(deps: { service: RecordsService; db: Kysely<KitTables> }): Route[] {
  const { service: s } = deps;
  const idem = idempotency({ db: deps.db });
  return [
    jsonRoute({
      spec: {
        method: 'post',
        path: '/v1/records/:id/receipt-corrections',
        operationId: 'requestReceiptCorrection',
        summary:
          '申请更正收到时间 / ask trial management to change an entered record’s receipt time (R-RC-4)',
        tags,
        params: recordIdParamsSchema,
        body: receiptCorrectionBodySchema,
        responses: { 201: correction },
      },
      use: [idem],
      answer: (c) => s.requestReceiptCorrection(c.actor, c.params.id, c.body),
    }),
    jsonRoute({
      spec: {
        method: 'post',
        path: '/v1/records/:id/receipt-corrections/:correctionId/decision',
        operationId: 'decideReceiptCorrection',
        summary: '审判管理部门决定收到时间更正 / trial management approves or rejects it (R-RC-4)',
        tags,
        params: receiptCorrectionParamsSchema,
        body: receiptCorrectionDecisionBodySchema,
        responses: { 200: correction },
      },
      use: [idem],
      answer: (c) => s.decideReceiptCorrection(c.actor, c.params.id, c.params.correctionId, c.body),
    }),
  ];
}
