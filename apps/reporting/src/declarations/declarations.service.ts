import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { newId, type declarationBodySchema } from '@jir/contracts';
import { can, quarterBounds, type CourtHierarchy } from '@jir/rules';
import { problem, UnitOfWork, type AuthenticatedActor, type Clock } from '@jir/service-kit';
import type { ReportingDB } from '../db/schema.js';
import { handlerRecordsInQuarter, insertDeclaration } from './declarations.repository.js';

/**
 * R-BX-1: each case handler declares once a quarter that they had nothing
 * to record, or that their records are complete. "Nothing" from a handler
 * whose records of the quarter are known is refused, naming them.
 */
export class DeclarationsService {
  private readonly uow: UnitOfWork<ReportingDB>;
  constructor(private readonly deps: { db: Kysely<ReportingDB>; clock: Clock; courts: CourtHierarchy }) {
    this.uow = new UnitOfWork<ReportingDB>({ db: deps.db, clock: deps.clock });
  }

  async declare(actor: AuthenticatedActor, body: z.output<typeof declarationBodySchema>) {
    if (
      !can(
        actor,
        'reporting',
        { kind: 'declaration', court: actor.court, handler: actor.sub },
        this.deps.courts,
      )
    )
      throw problem('forbidden');
    return this.uow.run(async (w) => {
      if (w.now < quarterBounds(body.quarter).start)
        throw problem({
          status: 409,
          code: 'quarter-not-started',
          message: { zh: '该季度尚未开始', en: 'this quarter has not begun' },
        });
      if (body.kind === 'nothing') {
        const records = await handlerRecordsInQuarter(w.trx, actor.court, actor.sub, body.quarter);
        if (records.length > 0)
          throw problem({
            status: 409,
            code: 'records-exist',
            message: {
              zh: `本季度已有 ${records.length} 条记录，不能申报“无记录”：${records.map((r) => r.caseNumber).join('、')}`,
              en: `${records.length} record(s) of this quarter exist, so "nothing to record" cannot be declared`,
            },
            extra: { records },
          });
      }
      const row = await insertDeclaration(w.trx, {
        id: newId(),
        court: actor.court,
        handler: actor.sub,
        quarter: body.quarter,
        kind: body.kind,
        declared_at: w.now,
      });
      if (!row)
        throw problem({
          status: 409,
          code: 'already-declared',
          message: { zh: '本季度已申报', en: 'this quarter was already declared' },
        });
      return {
        id: row.id,
        court: row.court,
        handler: row.handler,
        quarter: row.quarter,
        kind: row.kind,
        declaredAt: new Date(row.declared_at).toISOString(),
      };
    });
  }
}
