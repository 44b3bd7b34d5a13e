import { buildEvent, newId, recordDrafted, recordEntered, type RecordBody } from '@jir/contracts';
import { classifySubmission, originatingPerson, suggestSpecialItems } from '@jir/rules';
import { outboxRow, problem, type AuthenticatedActor } from '@jir/service-kit';
import { auditRow } from '../audit/audit-trail.js';
import { directoryRefusal, staffPresentNamed } from '../staff/directory-checks.js';
import { refuseContradictoryKind } from './interferer-kind.js';
import { recordContentHash, recordWorkflowHash, versionContentHash } from '../audit/content-hash.js';
import { lockOwnRecord, type RecordsContext } from './record-access.js';
import { blockersOf, recordFacts, toRecordView, type RecordRow } from './record-view.js';
import { deliveredMaterial, insertRefusedAttempt, recordExtras, updateRecord } from './records.repository.js';

/** A new record, entered at once when asked and nothing blocks it (R-RC-1, R-RC-2). */
export async function createRecord(
  c: RecordsContext,
  actor: AuthenticatedActor,
  body: RecordBody,
  address: string,
) {
  c.statedTimes.refuseFuture([
    { path: 'receivedAt', at: body.receivedAt },
    { path: 'communicatedAt', at: body.communicatedAt },
  ]);
  refuseContradictoryKind(body.interferer, '');
  const unknown = await directoryRefusal(
    c.db,
    actor.court,
    c.clock.now(),
    staffPresentNamed(body.personsPresent, ''),
  );
  if (unknown) throw unknown;
  if (body.materialId) await requireDeliveredMaterial(c.db, actor, body.materialId);
  const cls = classifySubmission({ origin: body.origin, internalPersonnel: body.internalPersonnel === true });
  if (cls.kind === 'refused') {
    const refusal = problem({ status: 422, code: cls.code, message: { zh: cls.zh, en: cls.en } });
    // Every refusal of an internal submission is logged (R-SC-5): trial management and the
    // auditors see it among the refused attempts, and the audit chain holds it.
    await c.work.run(async (w) => {
      await insertRefusedAttempt(w.trx, {
        court: actor.court,
        actor: actor.sub,
        roles: [...actor.roles],
        action: 'refused.record.create',
        subject_id: null,
        code: refusal.code,
        at: w.now,
        address,
      });
      await w.audit({
        court: actor.court,
        at: w.now,
        actor: actor.sub,
        action: 'refused.record.create',
        subjectId: '-',
        data: { code: refusal.code, caseNumber: body.caseNumber },
      });
    });
    throw refusal;
  }
  // Resolving the identity may create it; an identity that ends up unused is harmless.
  const origin = originatingPerson(body.interferer);
  const [identityId, originatorIdentityId] = await Promise.all([
    c.newRecords.identityOf(body.interferer),
    // The cadre a sender speaks for gets an identity too, so the same cadre shows across records (R-SC-2).
    origin ? c.newRecords.identityOf(origin) : null,
  ]);
  return c.newRecords.create(({ now }) => {
    const id = newId();
    // The id is made here, so nothing can be attached to it yet: no evidence, no confirmations.
    const extras = { evidenceCount: 0, confirmed: [] as string[] };
    const values = {
      id,
      court: actor.court,
      division: actor.division ?? null,
      handler: actor.sub,
      revision: 1,
      case_number: body.caseNumber,
      stage: body.stage,
      form: body.form,
      received_at: new Date(body.receivedAt),
      first_received_at: new Date(body.receivedAt),
      communicated_at: new Date(body.communicatedAt),
      interferer: body.interferer,
      relayed_by: body.relayedBy ?? null,
      material_id: body.materialId ?? null,
      interferer_kind: body.interferer.kind,
      unit_type: body.interferer.unitType,
      content: body.content,
      special_items: body.specialItems,
      suggested_items: suggestSpecialItems(body.content),
      severe: body.severe,
      involves_principal_leader: body.involvesPrincipalLeader,
      place: body.place ?? null,
      persons_present: body.personsPresent ?? [],
      no_other_person_present: body.noOtherPersonPresent === true,
      created_at: now,
      copy_delivered_at: null,
      copy_acknowledged_at: null,
      copy_acknowledged_by: null,
      identity_id: identityId as string | null,
      originator_identity_id: originatorIdentityId,
    };
    // One object, its state settled in place: each copy of its thirty columns was a visible share of
    // the profile per record (#14).
    const row: RecordRow = { ...values, state: 'draft', entered_at: null };
    const enter = body.enter && blockersOf(row, 0).length === 0;
    if (enter) {
      row.state = 'entered';
      row.entered_at = now;
    }
    const view = toRecordView(row, extras);
    const def = enter ? recordEntered : recordDrafted;
    const meta = {
      court: row.court,
      aggregateId: id,
      actor: { sub: actor.sub, kind: 'user' as const },
      occurredAt: now,
    };
    const event = enter
      ? buildEvent(recordEntered, {
          ...meta,
          data: { ...recordFacts(row), revision: row.revision, enteredAt: now.toISOString() },
        })
      : buildEvent(recordDrafted, { ...meta, data: { ...recordFacts(row), revision: row.revision } });
    const version = {
      record_id: id,
      revision: 1,
      snapshot: JSON.stringify(view),
      changed_by: actor.sub,
      reason: '创建 / created',
      changed_fields: [] as string[],
      changed_at: now,
    };
    // Hashes of what is stored, kept in the audit chain (R-PV-2). The JSON values here (the parsed
    // body and the view) hold only strings, numbers, booleans, null, arrays and plain objects, so
    // their canonical JSON is that of what jsonb gives back: no round trip through JSON text is
    // needed to hash them (the snapshot's JSON.parse alone was a fifth of this function, #14).
    // The chain verification (audit-trail) recomputes both from the stored rows.
    const hashes = {
      contentHash: recordContentHash(row),
      versionHash: versionContentHash({ ...version, snapshot: view }),
      workflowHash: recordWorkflowHash(row),
    };
    // The hot path: record, version, event and audit entry in one statement (the one use of
    // outboxRow), shared with concurrent creates by group commit; an idempotent answer commits with them.
    const rows = {
      row,
      version,
      outbox: outboxRow(def, event),
      audit: auditRow({
        court: actor.court,
        at: now,
        actor: actor.sub,
        action: enter ? 'record.entered' : 'record.drafted',
        subjectId: id,
        data: { revision: 1, ...hashes },
      }),
    };
    return { rows, view };
  });
}

/** Materials a record names must have been delivered to its handler along the chain (R-DL-1). */
async function requireDeliveredMaterial(db: RecordsContext['db'], actor: AuthenticatedActor, id: string) {
  const m = await deliveredMaterial(db, id);
  const field = (zh: string, en: string, code: string) =>
    problem('validation-failed', { errors: [{ path: 'materialId', code, message: { zh, en } }] });
  if (!m || m.court !== actor.court || m.holder !== actor.sub)
    throw field('没有递转给您的此份材料', 'no such materials were delivered to you', 'material-unknown');
  if (!m.delivered_at)
    throw field('材料尚未递转至承办人', 'the materials have not yet reached you', 'material-not-delivered');
  if (m.recorded_by)
    throw field('该材料已有记录', 'a record of these materials exists already', 'material-recorded');
}

/** A draft becomes entered once nothing blocks it. */
export async function enterRecord(c: RecordsContext, actor: AuthenticatedActor, id: string) {
  return c.work.run(async (w) => {
    const row = await lockOwnRecord(w.trx, actor, id, 'entry');
    if (row.state !== 'draft')
      throw problem({
        status: 409,
        code: 'already-entered',
        message: { zh: '该记录已录入', en: 'the record is already entered' },
      });
    const extras = await recordExtras(w.trx, id);
    const blockers = blockersOf(row, extras.evidenceCount);
    if (blockers.length) {
      const first = blockers[0]!;
      throw problem({
        status: 422,
        code: first.code,
        message: {
          zh: `尚不能录入：${blockers.map((b) => b.zh).join('；')}`,
          en: `cannot enter yet: ${blockers.map((b) => b.en).join('; ')}`,
        },
        errors: blockers.map((b) => ({ path: b.field, code: b.code, message: { zh: b.zh, en: b.en } })),
      });
    }
    const entered = await updateRecord(w.trx, id, { state: 'entered', entered_at: w.now });
    await w.emit(recordEntered, {
      court: entered.court,
      aggregateId: id,
      actor: { sub: actor.sub, kind: 'user' },
      // Entering changes no fact, so the revision stays: a consumer treats it as no older than the last amendment.
      data: { ...recordFacts(entered), revision: entered.revision, enteredAt: w.now.toISOString() },
    });
    await w.audit({
      court: row.court,
      at: w.now,
      actor: actor.sub,
      action: 'record.entered',
      subjectId: id,
      data: { revision: row.revision, workflowHash: recordWorkflowHash(entered) },
    });
    return toRecordView(entered, extras);
  });
}
