import { copyAcknowledged, copyDelivered, recordConfirmed } from '@jir/contracts';
import { assertCan, problem, type AuthenticatedActor } from '@jir/service-kit';
import type { AuditedWork } from '../audit/audited-unit-of-work.js';
import { recordWorkflowHash } from '../audit/content-hash.js';
import { lockOwnRecord, type RecordsContext } from './record-access.js';
import { staffPresent, toRecordView, type RecordRow } from './record-view.js';
import {
  hasConfirmed,
  insertConfirmation,
  lockRecord,
  recordExtras,
  updateRecord,
} from './records.repository.js';

/** A court employee present at an oral interference confirms the record with their own token (R-RC-3). */
export async function confirmRecord(c: RecordsContext, actor: AuthenticatedActor, id: string) {
  return c.work.run(async (w) => {
    const row = await lockRecord(w.trx, id);
    const listed = row && row.court === actor.court && staffPresent(row).includes(actor.sub);
    if (!row || !listed) {
      // Not present means not entitled to know the record exists.
      throw problem('not-found');
    }
    if (!(await hasConfirmed(w.trx, id, actor.sub))) {
      await insertConfirmation(w.trx, id, actor.sub, w.now);
      const extras = await recordExtras(w.trx, id);
      const missing = staffPresent(row).filter((s) => !extras.confirmed.includes(s));
      await w.emit(recordConfirmed, {
        court: row.court,
        aggregateId: id,
        actor: { sub: actor.sub, kind: 'user' },
        data: { recordId: id, confirmedBy: actor.sub, missing, confirmedAt: w.now.toISOString() },
      });
      await w.audit({
        court: row.court,
        at: w.now,
        actor: actor.sub,
        action: 'record.confirmed',
        subjectId: id,
        data: { missing },
      });
    }
    const extras = await recordExtras(w.trx, id);
    return {
      recordId: id,
      confirmations: {
        confirmed: extras.confirmed,
        missing: staffPresent(row).filter((s) => !extras.confirmed.includes(s)),
      },
    };
  });
}

/** The handler sends the copy of the form to trial management (R-DL-1, Art 7). */
export async function deliverCopy(c: RecordsContext, actor: AuthenticatedActor, id: string) {
  return c.work.run(async (w) => {
    const row = await lockOwnRecord(w.trx, actor, id, 'entry');
    if (row.state !== 'entered')
      throw problem({
        status: 409,
        code: 'record-not-entered',
        message: { zh: '记录尚未录入，不能报送复印件', en: 'enter the record before delivering its copy' },
      });
    if (row.copy_delivered_at)
      throw problem({
        status: 409,
        code: 'copy-already-delivered',
        message: { zh: '复印件已报送', en: 'the copy was already delivered' },
      });
    const saved = await updateRecord(w.trx, id, { copy_delivered_at: w.now });
    await w.emit(copyDelivered, {
      court: saved.court,
      aggregateId: id,
      actor: { sub: actor.sub, kind: 'user' },
      data: { recordId: id, deliveredAt: w.now.toISOString() },
    });
    return auditedView(w, actor, saved, 'copy.delivered');
  });
}

/** Trial management confirms it received the copy. */
export async function acknowledgeCopy(c: RecordsContext, actor: AuthenticatedActor, id: string) {
  return c.work.run(async (w) => {
    const row = await lockRecord(w.trx, id);
    if (!row) throw problem('not-found');
    const res = { court: row.court, handler: row.handler, division: row.division ?? undefined };
    assertCan(actor, 'viewing', res, { hideAs404: true });
    assertCan(actor, 'processing', { kind: 'record-copy', court: row.court });
    assertCan(actor, 'processing', res);
    if (!row.copy_delivered_at)
      throw problem({
        status: 409,
        code: 'copy-not-delivered',
        message: { zh: '承办人尚未报送复印件', en: 'the handler has not delivered the copy yet' },
      });
    if (row.copy_acknowledged_at)
      throw problem({
        status: 409,
        code: 'copy-already-acknowledged',
        message: { zh: '已确认收到复印件', en: 'receipt of the copy was already acknowledged' },
      });
    const saved = await updateRecord(w.trx, id, {
      copy_acknowledged_at: w.now,
      copy_acknowledged_by: actor.sub,
    });
    await w.emit(copyAcknowledged, {
      court: saved.court,
      aggregateId: id,
      actor: { sub: actor.sub, kind: 'user' },
      data: { recordId: id, acknowledgedBy: actor.sub, acknowledgedAt: w.now.toISOString() },
    });
    return auditedView(w, actor, saved, 'copy.acknowledged');
  });
}

/**
 * Audits a step of the copy with the record's workflow hash after it, so a later direct change of
 * the copy columns is caught (R-PV-2); the record as its handler now sees it.
 */
async function auditedView(w: AuditedWork, actor: AuthenticatedActor, saved: RecordRow, action: string) {
  await w.audit({
    court: saved.court,
    at: w.now,
    actor: actor.sub,
    action,
    subjectId: saved.id,
    data: { workflowHash: recordWorkflowHash(saved) },
  });
  return toRecordView(saved, await recordExtras(w.trx, saved.id));
}
