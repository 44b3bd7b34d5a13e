import type { Kysely } from 'kysely';
import { obligationWaived, type obligationListQuerySchema } from '@jir/contracts';
import { can, listingScope, type Actor, type CourtHierarchy } from '@jir/rules';
import { problem, type Clock, type OutboxRelay } from '@jir/service-kit';
import type { z } from 'zod';
import { auditedUnitOfWork, type AuditedUnitOfWork } from '../audited-unit-of-work.js';
import type { DeadlineDB } from '../db/schema.js';
import { obligationFacts } from './obligation-lifecycle.js';
import { toObligationView } from './obligation-view.js';
import {
  findObligation,
  listObligations,
  updateObligation,
  type ObligationRow,
} from './obligations.repository.js';

/** What the obligations API needs. */
export interface ObligationsDeps {
  db: Kysely<DeadlineDB>;
  clock: Clock;
  courts: CourtHierarchy;
  relay?: OutboxRelay | undefined;
}

/** A duty as can() reads it: its court, handler and division. */
export const obligationResource = (r: ObligationRow) => ({
  kind: 'obligation' as const,
  court: r.court,
  handler: r.handler ?? undefined,
  division: r.division ?? undefined,
});

/**
 * Obligations as people see them: a handler their own, a division head the
 * division, trial management, statisticians and auditors the court (the
 * 'obligation' kind of can() and listingScope() in `@jir/rules`).
 */
export class ObligationsService {
  private readonly uow: AuditedUnitOfWork;
  constructor(private readonly d: ObligationsDeps) {
    this.uow = auditedUnitOfWork(d);
  }

  /** A page of what the actor may see, filtered as asked. */
  async list(actor: Actor, q: z.output<typeof obligationListQuerySchema>) {
    const scope = listingScope(actor, 'viewing', 'obligation');
    if (!scope) throw problem('forbidden');
    if (q.court && q.court !== scope.court) throw problem('forbidden');
    const rows = await listObligations(this.d.db, {
      court: scope.court,
      ...(scope.handlers || scope.divisions ? { handlers: scope.handlers, divisions: scope.divisions } : {}),
      recordId: q.recordId,
      handler: q.handler,
      kind: q.kind,
      state: q.state,
      dueBefore: q.dueBefore ? new Date(q.dueBefore) : undefined,
      cursor: q.cursor,
      limit: q.limit,
    });
    const page = rows.slice(0, q.limit);
    return {
      items: page.map(toObligationView),
      nextCursor: rows.length > q.limit ? page[page.length - 1]!.id : null,
    };
  }

  /** One obligation; 404 when it does not exist or the actor may not see it (existence is not revealed). */
  async read(actor: Actor, id: string) {
    const row = await findObligation(this.d.db, id);
    if (!row || !can(actor, 'viewing', obligationResource(row), this.d.courts)) throw problem('not-found');
    return toObligationView(row);
  }

  /**
   * Waives an open or breached obligation with a reason (trial management):
   * audited, published, and no reminder or breach follows.
   */
  async waive(actor: Actor, id: string, reason: string) {
    return this.uow.run(async (w) => {
      const row = await findObligation(w.trx, id, true);
      if (!row || !can(actor, 'viewing', obligationResource(row), this.d.courts)) throw problem('not-found');
      if (!can(actor, 'processing', obligationResource(row), this.d.courts)) throw problem('forbidden');
      if (row.state !== 'pending' && row.state !== 'breached')
        throw problem({
          status: 409,
          code: 'obligation-closed',
          message: {
            zh: `该义务已处于"${row.state}"状态，不能免除`,
            en: `the obligation is already ${row.state} and cannot be waived`,
          },
        });
      const waived = await updateObligation(
        w.trx,
        id,
        { state: 'waived', waived_at: w.now, waived_by: actor.sub, waive_reason: reason },
        { at: w.now.toISOString(), what: 'waived', detail: { by: actor.sub, reason, previous: row.state } },
      );
      if (waived.due_at)
        await w.emit(obligationWaived, {
          court: waived.court,
          aggregateId: waived.id,
          actor: { sub: actor.sub, kind: 'user' },
          data: { ...obligationFacts(waived), reason, waivedBy: actor.sub, waivedAt: w.now.toISOString() },
        });
      await w.audit({
        at: w.now,
        actor: actor.sub,
        court: waived.court,
        action: 'obligation.waived',
        target: id,
        detail: { reason, previous: row.state },
      });
      return toObligationView(waived);
    });
  }
}
