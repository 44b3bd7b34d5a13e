import type { z } from 'zod';
import {
  newId,
  type receiptCorrectionBodySchema,
  type receiptCorrectionDecisionBodySchema,
} from '@jir/contracts';
import { assertCan, problem, type AuthenticatedActor } from '@jir/service-kit';
import { lockOwnRecord, type RecordsContext } from './record-access.js';
import { applyAmendment } from './record-amendment.js';
import {
  decideCorrection,
  findPendingCorrection,
  insertCorrection,
  lockCorrection,
  type ReceiptCorrectionRow,
} from './receipt-corrections.repository.js';
import { lockRecord } from './records.repository.js';

type Request = z.output<typeof receiptCorrectionBodySchema>;
type Decision = z.output<typeof receiptCorrectionDecisionBodySchema>;

/** The request as the API shows it. */
export function toCorrectionView(r: ReceiptCorrectionRow) {
  return {
    id: r.id,
    recordId: r.record_id,
    receivedAt: r.received_at.toISOString(),
    previousReceivedAt: r.previous_received_at.toISOString(),
    reason: r.reason,
    requestedBy: r.requested_by,
    requestedAt: r.requested_at.toISOString(),
    state: r.state,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at?.toISOString() ?? null,
    decisionNote: r.decision_note,
    appliedRevision: r.applied_revision,
  };
}

/**
 * The handler asks to change an entered record's receipt time (R-RC-4). Nothing
 * changes until trial management approves; a draft is amended directly instead.
 */
export async function requestReceiptCorrection(
  c: RecordsContext,
  actor: AuthenticatedActor,
  recordId: string,
  body: Request,
) {
  c.statedTimes.refuseFuture([{ path: 'receivedAt', at: body.receivedAt }]);
  return c.work.run(async (w) => {
    const row = await lockOwnRecord(w.trx, actor, recordId, 'entry');
    if (row.state !== 'entered')
      throw problem({
        status: 409,
        code: 'record-is-a-draft',
        message: {
          zh: '草稿的收到时间直接更正即可，无需批准',
          en: "a draft's receipt time is corrected by an amendment, no approval needed",
        },
      });
    const receivedAt = new Date(body.receivedAt);
    if (row.communicated_at > receivedAt)
      throw problem('validation-failed', {
        errors: [
          {
            path: 'receivedAt',
            code: 'custom',
            message: { zh: '收到时间不得早于过问时间', en: 'receivedAt cannot be before communicatedAt' },
          },
        ],
      });
    if (receivedAt.getTime() === row.received_at.getTime())
      throw problem({
        status: 409,
        code: 'receipt-unchanged',
        message: { zh: '收到时间未改变', en: 'the receipt time is unchanged' },
      });
    if (await findPendingCorrection(w.trx, recordId))
      throw problem({
        status: 409,
        code: 'correction-pending',
        message: {
          zh: '已有待审判管理部门决定的收到时间更正申请',
          en: 'a receipt correction already awaits trial management’s decision',
        },
      });
    const saved = await insertCorrection(w.trx, {
      id: newId(),
      record_id: recordId,
      court: row.court,
      received_at: receivedAt,
      previous_received_at: row.received_at,
      reason: body.reason,
      requested_by: actor.sub,
      requested_at: w.now,
      state: 'pending',
    });
    await w.audit({
      court: row.court,
      at: w.now,
      actor: actor.sub,
      action: 'record.receipt-correction-requested',
      subjectId: recordId,
      data: { correctionId: saved.id, receivedAt: body.receivedAt, reason: body.reason },
    });
    return toCorrectionView(saved);
  });
}

/**
 * Trial management decides (R-RC-4). Approved, the correction is applied as an
 * amendment in the requester's name with the approver in its reason; the record's
 * first stated receipt stays, so the periods do not move.
 */
export async function decideReceiptCorrection(
  c: RecordsContext,
  actor: AuthenticatedActor,
  recordId: string,
  correctionId: string,
  body: Decision,
) {
  return c.work.run(async (w) => {
    const row = await lockRecord(w.trx, recordId);
    if (!row) throw problem('not-found');
    const resource = { court: row.court, handler: row.handler, division: row.division ?? undefined };
    // Who may not see the record learns nothing of it; who may see it but not decide is told so.
    assertCan(actor, 'viewing', { kind: 'record', ...resource }, { hideAs404: true });
    assertCan(actor, 'processing', { kind: 'receipt-correction', ...resource });
    const correction = await lockCorrection(w.trx, recordId, correctionId);
    if (!correction) throw problem('not-found');
    if (correction.state !== 'pending')
      throw problem({
        status: 409,
        code: 'correction-decided',
        message: { zh: '该申请已有决定', en: 'the request has already been decided' },
      });
    let appliedRevision: number | null = null;
    if (body.approve) {
      const amended = await applyAmendment(
        w,
        row,
        { receivedAt: correction.received_at.toISOString() },
        {
          by: correction.requested_by,
          reason: `${correction.reason}（审判管理部门 ${actor.sub} 批准：${body.note} / approved by trial management ${actor.sub}: ${body.note}）`,
          auditData: { correctionId, approvedBy: actor.sub },
        },
      );
      appliedRevision = amended.revision;
    }
    const decided = await decideCorrection(w.trx, correctionId, {
      state: body.approve ? 'approved' : 'rejected',
      by: actor.sub,
      at: w.now,
      note: body.note,
      appliedRevision,
    });
    await w.audit({
      court: row.court,
      at: w.now,
      actor: actor.sub,
      action: body.approve ? 'record.receipt-correction-approved' : 'record.receipt-correction-rejected',
      subjectId: recordId,
      data: { correctionId, appliedRevision, note: body.note },
    });
    return toCorrectionView(decided);
  });
}
