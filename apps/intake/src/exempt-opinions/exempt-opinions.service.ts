import type { Kysely } from 'kysely';
import type { z } from 'zod';
import {
  exemptOpinionFiled,
  newId,
  type exemptOpinionBodySchema,
  type exemptOpinionConfirmationBodySchema,
  type exemptOpinionConversionBodySchema,
} from '@jir/contracts';
import { can, classifySubmission, listingScope } from '@jir/rules';
import {
  assertCan,
  problem,
  ProblemError,
  type AuthenticatedActor,
  type Clock,
  type OutboxRelay,
  type UnitOfWorkFaults,
} from '@jir/service-kit';
import { auditedUnitOfWork, type AuditedUnitOfWork } from '../audit/audited-unit-of-work.js';
import type { IntakeDB } from '../db/schema.js';
import type { RecordsService } from '../records/records.service.js';
import type { StatedTimes } from '../time/stated-times.js';
import {
  decisionsOf,
  insertDecision,
  insertExemptOpinion,
  listExemptOpinions,
  lockExemptOpinion,
  opinionHasFile,
  type ExemptOpinionDecisionRow,
  type ExemptOpinionRow,
} from './exempt-opinions.repository.js';

type Confirmation = z.output<typeof exemptOpinionConfirmationBodySchema>;
type Conversion = z.output<typeof exemptOpinionConversionBodySchema>;

/** A refusal that names the field it concerns. */
function fieldRefusal(status: number, path: string, code: string, zh: string, en: string) {
  return problem({ status, code, message: { zh, en }, errors: [{ path, code, message: { zh, en } }] });
}

/**
 * The record's own refusals (a receipt in the future, an unknown person present…) name its
 * fields as a record's body holds them; in a conversion that body sits under `record` (R-RC-6).
 */
function underRecord(e: unknown): unknown {
  if (!(e instanceof ProblemError) || !e.errors) return e;
  return problem({
    status: e.status,
    code: e.code,
    message: e.bilingual,
    errors: e.errors.map((f) => ({ ...f, path: `record.${f.path}` })),
    ...(e.extra ? { extra: e.extra } : {}),
  });
}

const alreadyConverted = () =>
  problem({
    status: 409,
    code: 'opinion-converted',
    message: { zh: '该参考意见已转为过问记录', en: 'the opinion was already converted into a record' },
  });

/**
 * Art 6 (R-SC-4): a reference opinion given on the court's commission or with
 * its permission stays out of the special database and out of every
 * interference statistic; it is stored and filed to the case's main volume.
 * Without the commission or permission reference it is refused, with why.
 */
export class ExemptOpinionsService {
  constructor(
    private readonly deps: {
      db: Kysely<IntakeDB>;
      clock: Clock;
      statedTimes: StatedTimes;
      /** Converting a wrongly exempted opinion creates its record as any record is created. */
      records: RecordsService;
      relay?: OutboxRelay;
      /** Crash simulation for tests; never set in production. */
      faults?: UnitOfWorkFaults;
    },
  ) {
    this.work = auditedUnitOfWork(deps);
  }

  /** The opinion, its event, its audit entry and the idempotent answer in one transaction. */
  private readonly work: AuditedUnitOfWork;

  async create(actor: AuthenticatedActor, body: z.output<typeof exemptOpinionBodySchema>) {
    assertCan(actor, 'entry', {
      kind: 'record',
      court: actor.court,
      handler: actor.sub,
      division: actor.division,
    });
    this.deps.statedTimes.refuseFuture([{ path: 'receivedAt', at: body.receivedAt }]);
    const cls = classifySubmission({
      exemptOpinion: {
        source: body.source,
        commissionReference: body.commissionReference ?? null,
        concernsStateOrPublicInterest: body.concernsStateOrPublicInterest,
      },
    });
    if (cls.kind === 'refused') {
      throw problem({
        status: 422,
        code: cls.code,
        message: { zh: cls.zh, en: cls.en },
        errors: [
          {
            path: cls.code === 'exemption-reference-required' ? 'commissionReference' : 'source',
            code: cls.code,
            message: { zh: cls.zh, en: cls.en },
          },
        ],
      });
    }
    const id = newId();
    return this.work.run(async (w) => {
      const row = {
        id,
        court: actor.court,
        division: actor.division ?? null,
        handler: actor.sub,
        case_number: body.caseNumber,
        source: body.source,
        organisation: body.organisation,
        commission_reference: body.commissionReference!.trim(),
        content: body.content,
        received_at: new Date(body.receivedAt),
        volume: 'main' as const,
        created_at: w.now,
      };
      await insertExemptOpinion(w.trx, row);
      // Evidence storage learns of it, so its files can be kept and filed to the main volume.
      await w.emit(exemptOpinionFiled, {
        court: actor.court,
        aggregateId: id,
        actor: { sub: actor.sub, kind: 'user' },
        data: {
          opinionId: id,
          caseNumber: row.case_number,
          handler: actor.sub,
          division: row.division,
          filedAt: w.now.toISOString(),
        },
      });
      await w.audit({
        court: actor.court,
        at: w.now,
        actor: actor.sub,
        action: 'exempt-opinion.filed',
        subjectId: id,
        data: { volume: 'main' },
      });
      return this.toView(row, []);
    });
  }

  /**
   * Trial management confirms the exemption against the commission or permission document,
   * which must be among the opinion's stored files, or rejects it (R-SC-4). One confirmation;
   * a converted opinion takes no decision.
   */
  async decide(actor: AuthenticatedActor, id: string, body: Confirmation) {
    return this.work.run(async (w) => {
      const o = await lockExemptOpinion(w.trx, actor.court, id);
      if (!o) throw problem('not-found');
      const opinion = { kind: 'exempt-opinion', court: o.court, handler: o.handler } as const;
      assertCan(actor, 'processing', opinion, { hideAs404: !can(actor, 'viewing', opinion) });
      const earlier = await decisionsOf(w.trx, [id]);
      if (earlier.some((d) => d.action === 'converted')) throw alreadyConverted();
      if (body.decision === 'confirmed') {
        if (earlier.some((d) => d.action === 'confirmed'))
          throw problem({
            status: 409,
            code: 'already-confirmed',
            message: { zh: '该参考意见已确认', en: 'the exemption is already confirmed' },
          });
        if (!(await opinionHasFile(w.trx, id, body.documentEvidenceId!)))
          throw fieldRefusal(
            422,
            'documentEvidenceId',
            'commission-document-missing',
            '该参考意见没有此份已存储的文件：请先上传委托或许可文书',
            'no such stored file of this opinion: upload the commission or permission document first',
          );
      }
      const decision = await insertDecision(w.trx, {
        opinion_id: id,
        court: o.court,
        action: body.decision,
        decided_by: actor.sub,
        decided_at: w.now,
        document_evidence_id: body.decision === 'confirmed' ? body.documentEvidenceId! : null,
        record_id: null,
        reason: body.reason ?? null,
      });
      await w.audit({
        court: o.court,
        at: w.now,
        actor: actor.sub,
        action: `exempt-opinion.${body.decision}`,
        subjectId: id,
        data: { documentEvidenceId: decision.document_evidence_id, reason: decision.reason },
      });
      return this.toView(o, [...earlier, decision]);
    });
  }

  /**
   * An opinion wrongly filed as exempt becomes a record of interference, made by its handler
   * as any record is (so every check of a record applies); the opinion stays, with the
   * conversion and the record it became in its history (R-SC-4).
   */
  async convert(actor: AuthenticatedActor, id: string, body: Conversion, address: string) {
    const o = (await listExemptOpinions(this.deps.db, { court: actor.court, ids: [id] }))[0];
    if (!o) throw problem('not-found');
    const mayRead = can(actor, 'viewing', { kind: 'exempt-opinion', court: o.court, handler: o.handler });
    // Only the opinion's handler makes its record: the record is theirs, as any record they enter.
    assertCan(
      actor,
      'entry',
      { kind: 'record', court: o.court, handler: o.handler, division: o.division ?? undefined },
      { hideAs404: !mayRead },
    );
    if ((await decisionsOf(this.deps.db, [id])).some((d) => d.action === 'converted'))
      throw alreadyConverted();
    if (body.record.caseNumber !== o.case_number)
      throw fieldRefusal(
        422,
        'record.caseNumber',
        'case-number-differs',
        `记录的案号须为参考意见的案号 ${o.case_number}`,
        `the record is of the opinion's case ${o.case_number}`,
      );
    const record = await this.deps.records.create(actor, body.record, address).catch((e: unknown) => {
      throw underRecord(e);
    });
    return this.work.run(async (w) => {
      const locked = await lockExemptOpinion(w.trx, actor.court, id);
      const earlier = await decisionsOf(w.trx, [id]);
      // A concurrent conversion got here first: its record stands; this one stays, unlinked, in the register.
      if (earlier.some((d) => d.action === 'converted')) throw alreadyConverted();
      const decision = await insertDecision(w.trx, {
        opinion_id: id,
        court: o.court,
        action: 'converted',
        decided_by: actor.sub,
        decided_at: w.now,
        document_evidence_id: null,
        record_id: record.id,
        reason: body.reason,
      });
      await w.audit({
        court: o.court,
        at: w.now,
        actor: actor.sub,
        action: 'exempt-opinion.converted',
        subjectId: id,
        data: { recordId: record.id, reason: body.reason },
      });
      return { opinion: this.toView(locked ?? o, [...earlier, decision]), record };
    });
  }

  async list(actor: AuthenticatedActor, caseNumber?: string) {
    const scope = listingScope(actor, 'viewing', 'exempt-opinion');
    if (!scope) throw problem('forbidden');
    const rows = await listExemptOpinions(this.deps.db, {
      court: actor.court,
      handlers: scope.handlers,
      caseNumber,
    });
    const decisions = await decisionsOf(
      this.deps.db,
      rows.map((r) => r.id),
    );
    return rows.map((r) =>
      this.toView(
        r,
        decisions.filter((d) => d.opinion_id === r.id),
      ),
    );
  }

  private toView(r: Omit<ExemptOpinionRow, 'division'>, decisions: readonly ExemptOpinionDecisionRow[]) {
    const last = decisions.at(-1);
    const confirmed = decisions.find((d) => d.action === 'confirmed');
    const converted = decisions.find((d) => d.action === 'converted');
    return {
      id: r.id,
      court: r.court,
      handler: r.handler,
      caseNumber: r.case_number,
      source: r.source,
      organisation: r.organisation,
      commissionReference: r.commission_reference,
      content: r.content,
      receivedAt: r.received_at.toISOString(),
      volume: r.volume,
      createdAt: r.created_at.toISOString(),
      // A conversion is final; otherwise the latest decision stands.
      state: converted ? ('converted' as const) : (last?.action ?? ('filed' as const)),
      documentEvidenceId: confirmed?.document_evidence_id ?? null,
      recordId: converted?.record_id ?? null,
      decisions: decisions.map((d) => ({
        action: d.action,
        by: d.decided_by,
        at: new Date(d.decided_at).toISOString(),
        documentEvidenceId: d.document_evidence_id,
        recordId: d.record_id,
        reason: d.reason,
      })),
    };
  }
}
