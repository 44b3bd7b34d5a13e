import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { exemptOpinionFiled, newId, type exemptOpinionBodySchema } from '@jir/contracts';
import { classifySubmission, listingScope } from '@jir/rules';
import {
  emitEvent,
  assertCan,
  problem,
  type AuthenticatedActor,
  type Clock,
  type OutboxRelay,
} from '@jir/service-kit';
import { appendAudit } from '../audit/audit-trail.js';
import type { IntakeDB } from '../db/schema.js';
import type { StatedTimes } from '../time/stated-times.js';

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
    },
  ) {}

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
    const now = this.deps.clock.now();
    const id = newId();
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
      created_at: now,
    };
    await this.deps.db.transaction().execute(async (trx) => {
      await trx.insertInto('exempt_opinions').values(row).execute();
      // Evidence storage learns of it, so its files can be kept and filed to the main volume.
      await emitEvent(trx, exemptOpinionFiled, {
        court: actor.court,
        aggregateId: id,
        actor: { sub: actor.sub, kind: 'user' },
        data: {
          opinionId: id,
          caseNumber: row.case_number,
          handler: actor.sub,
          division: row.division,
          filedAt: now.toISOString(),
        },
        occurredAt: now,
      });
      await appendAudit(trx, {
        court: actor.court,
        at: now,
        actor: actor.sub,
        action: 'exempt-opinion.filed',
        subjectId: id,
        data: { volume: 'main' },
      });
    });
    this.deps.relay?.wake();
    return this.toView(row);
  }

  async list(actor: AuthenticatedActor, caseNumber?: string) {
    let q = this.deps.db.selectFrom('exempt_opinions').selectAll().where('court', '=', actor.court);
    const scope = listingScope(actor, 'viewing', 'exempt-opinion');
    if (!scope) throw problem('forbidden');
    if (scope.handlers) q = q.where('handler', 'in', scope.handlers);
    if (caseNumber) q = q.where('case_number', '=', caseNumber);
    return (await q.orderBy('id', 'desc').limit(200).execute()).map((r) => this.toView(r));
  }

  private toView(r: {
    id: string;
    court: string;
    handler: string;
    case_number: string;
    source: string;
    organisation: string;
    commission_reference: string;
    content: string;
    received_at: Date;
    volume: string;
    created_at: Date;
  }) {
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
