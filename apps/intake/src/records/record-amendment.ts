import type { z } from 'zod';
import { recordAmended, type amendmentBodySchema } from '@jir/contracts';
import { originatingPerson, suggestSpecialItems } from '@jir/rules';
import { problem, type AuthenticatedActor, type Work } from '@jir/service-kit';
import type { AuditInput } from '../audit/audit-trail.js';
import { recordContentHash, recordWorkflowHash, versionContentHash } from '../audit/content-hash.js';
import type { IntakeDB } from '../db/schema.js';
import { IdentitiesService } from '../identities/identities.service.js';
import { directoryRefusal, staffPresentNamed } from '../staff/directory-checks.js';
import { refuseContradictoryKind } from './interferer-kind.js';
import { lockOwnRecord, type RecordsContext } from './record-access.js';
import { blockersOf, recordFacts, staffPresent, toRecordView, type RecordRow } from './record-view.js';
import { insertVersion, recordExtras, updateRecord } from './records.repository.js';

type Amendment = z.output<typeof amendmentBodySchema>;

/** The only way to change a record: a new revision that keeps every earlier one (R-RC-4). */
export async function amendRecord(c: RecordsContext, actor: AuthenticatedActor, id: string, body: Amendment) {
  c.statedTimes.refuseFuture([
    { path: 'changes.receivedAt', at: body.changes.receivedAt },
    { path: 'changes.communicatedAt', at: body.changes.communicatedAt },
  ]);
  refuseContradictoryKind(body.changes.interferer, 'changes.');
  return c.work.run(async (w) => {
    const row = await lockOwnRecord(w.trx, actor, id, 'entry');
    // The directory binds people named anew. Someone the record already named keeps their place
    // after leaving the directory: their history stays, and restating the list must not drop them.
    const namedBefore = new Set(staffPresent(row));
    const unknown = await directoryRefusal(
      w.trx,
      actor.court,
      c.clock.now(),
      staffPresentNamed(body.changes.personsPresent, 'changes.').filter((p) => !namedBefore.has(p.id)),
    );
    if (unknown) throw unknown;
    const ch = body.changes;
    // The receipt of an entered record says when its periods ran: the handler whose deadlines it
    // would move asks trial management instead (R-RC-4).
    if (row.state === 'entered' && ch.receivedAt && Date.parse(ch.receivedAt) !== row.received_at.getTime()) {
      throw problem({
        status: 409,
        code: 'receipt-correction-needs-approval',
        message: {
          zh: '记录录入后更正收到时间须经审判管理部门批准：请提交收到时间更正申请（POST /v1/records/{id}/receipt-corrections）',
          en: "after entry a change of the receipt time needs trial management's approval: request it with POST /v1/records/{id}/receipt-corrections",
        },
      });
    }
    return applyAmendment(w, row, ch, { by: actor.sub, reason: body.reason });
  });
}

/**
 * Writes one amendment: the new revision, its kept version, the event and the audit entry.
 * Callers have locked the row and decided the change is allowed.
 */
export async function applyAmendment(
  w: Work<IntakeDB, AuditInput>,
  row: RecordRow,
  ch: Amendment['changes'],
  who: { by: string; reason: string; auditData?: Record<string, unknown> },
) {
  const { trx, now } = w;
  const id = row.id;
  const next: RecordRow = {
    ...row,
    revision: row.revision + 1,
    case_number: ch.caseNumber ?? row.case_number,
    stage: ch.stage ?? row.stage,
    form: ch.form ?? row.form,
    received_at: ch.receivedAt ? new Date(ch.receivedAt) : row.received_at,
    communicated_at: ch.communicatedAt ? new Date(ch.communicatedAt) : row.communicated_at,
    interferer: ch.interferer ?? row.interferer,
    interferer_kind: ch.interferer?.kind ?? row.interferer_kind,
    unit_type: ch.interferer?.unitType ?? row.unit_type,
    content: ch.content ?? row.content,
    suggested_items: ch.content ? suggestSpecialItems(ch.content) : row.suggested_items,
    special_items: ch.specialItems ?? row.special_items,
    severe: ch.severe ?? row.severe,
    involves_principal_leader: ch.involvesPrincipalLeader ?? row.involves_principal_leader,
    place: ch.place ?? row.place,
    persons_present: ch.personsPresent ?? row.persons_present,
    // Listing someone present withdraws an earlier "nobody else was there" unless it is restated.
    no_other_person_present:
      ch.noOtherPersonPresent ?? (ch.personsPresent?.length ? false : row.no_other_person_present),
  };
  if (next.no_other_person_present && (next.persons_present as unknown[]).length > 0) {
    throw problem('validation-failed', {
      errors: [
        {
          path: 'changes.noOtherPersonPresent',
          code: 'custom',
          message: {
            zh: '已列出在场人员，不能同时声明无其他人在场',
            en: 'persons present are listed, so “no other person present” cannot be stated',
          },
        },
      ],
    });
  }
  if (next.communicated_at > next.received_at) {
    throw problem('validation-failed', {
      errors: [
        {
          path: 'changes.communicatedAt',
          code: 'custom',
          message: { zh: '过问时间不得晚于收到时间', en: 'communicatedAt cannot be after receivedAt' },
        },
      ],
    });
  }
  const extras = await recordExtras(trx, id);
  if (row.state === 'entered') {
    const blockers = blockersOf(next, extras.evidenceCount);
    if (blockers.length) {
      throw problem('validation-failed', {
        errors: blockers.map((b) => ({
          path: `changes.${b.field}`,
          code: b.code,
          message: { zh: b.zh, en: b.en },
        })),
      });
    }
  }
  const changed = Object.keys(ch);
  if (ch.interferer) {
    next.identity_id = await IdentitiesService.resolve(trx, ch.interferer, now);
    const origin = originatingPerson(ch.interferer);
    next.originator_identity_id = origin ? await IdentitiesService.resolve(trx, origin, now) : null;
  }
  const saved = await updateRecord(trx, id, {
    identity_id: next.identity_id,
    originator_identity_id: next.originator_identity_id,
    revision: next.revision,
    case_number: next.case_number,
    stage: next.stage,
    form: next.form,
    received_at: next.received_at,
    communicated_at: next.communicated_at,
    interferer: JSON.stringify(next.interferer),
    interferer_kind: next.interferer_kind,
    unit_type: next.unit_type,
    content: next.content,
    suggested_items: next.suggested_items,
    special_items: next.special_items,
    severe: next.severe,
    involves_principal_leader: next.involves_principal_leader,
    place: next.place,
    persons_present: JSON.stringify(next.persons_present),
    no_other_person_present: next.no_other_person_present,
  });
  const v = toRecordView(saved, extras);
  const version = await insertVersion(trx, {
    record_id: id,
    revision: saved.revision,
    snapshot: JSON.stringify(v),
    changed_by: who.by,
    changed_at: now,
    reason: who.reason,
    changed_fields: changed,
  });
  await w.emit(recordAmended, {
    court: saved.court,
    aggregateId: id,
    actor: { sub: who.by, kind: 'user' },
    data: { ...recordFacts(saved), revision: saved.revision, changedFields: changed },
  });
  await w.audit({
    court: row.court,
    at: now,
    actor: who.by,
    action: 'record.amended',
    subjectId: id,
    // Hashes of the rows as stored, so verification catches an edit behind the service's back (R-PV-2).
    data: {
      revision: saved.revision,
      changedFields: changed,
      contentHash: recordContentHash(saved),
      versionHash: versionContentHash(version),
      workflowHash: recordWorkflowHash(saved),
      ...who.auditData,
    },
  });
  return v;
}
