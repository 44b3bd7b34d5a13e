import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { exemptOpinionFiled, newId, type exemptOpinionBodySchema } from '@jir/contracts';
import { classifySubmission, listingScope } from '@jir/rules';
import {
  assertCan,
  problem,
  UnitOfWork,
  type AuthenticatedActor,
  type Clock,
  type OutboxRelay,
  type UnitOfWorkFaults,
} from '@jir/service-kit';
import { appendAudit, type AuditInput } from '../audit/audit-trail.js';
import type { IntakeDB } from '../db/schema.js';
import type { StatedTimes } from '../time/stated-times.js';
import {
  insertExemptOpinion,
  listExemptOpinions,
  type ExemptOpinionRow,
} from './exempt-opinions.repository.js';

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
      relay?: OutboxRelay;
      /** Crash simulation for tests; never set in production. */
      faults?: UnitOfWorkFaults;
    },
  ) {
    this.work = new UnitOfWork({
      db: deps.db,
      clock: deps.clock,
      relay: deps.relay,
      audit: appendAudit,
      ...(deps.faults ? { faults: deps.faults } : {}),
    });
  }

  /** The opinion, its event, its audit entry and the idempotent answer in one transaction. */
  private readonly work: UnitOfWork<IntakeDB, AuditInput>;

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
      return this.toView(row);
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
    return rows.map((r) => this.toView(r));
  }

  private toView(r: Omit<ExemptOpinionRow, 'division'>) {
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
    };
  }
}
