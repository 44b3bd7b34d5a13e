import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { newId, type complaintActionBodySchema, type complaintBodySchema } from '@jir/contracts';
import {
  DEFAULT_COMPLAINT_REPORT_DAYS,
  can,
  complaintEscalation,
  complaintRoute,
  dayPeriod,
  shanghaiDate,
  timelinessCategory,
  type Role,
} from '@jir/rules';
import { problem, type AuthenticatedActor, type Clock } from '@jir/service-kit';
import { appendAudit } from '../audit/audit-trail.js';
import type { IntakeDB } from '../db/schema.js';
import {
  complaintActions,
  complaintLevels,
  findComplaint,
  insertComplaint,
  insertComplaintAction,
  insertComplaintLevel,
  lockComplaintLevels,
  visibleComplaintIds,
} from './complaints.repository.js';

/**
 * Art 12 (R-AB-2): staff who meet obstruction or retaliation for applying these rules complain
 * to the court one level up. That court reports it to its political-legal committee within a
 * tracked period and may pass it on, one level at a time, up to the Supreme People's Court;
 * each court reached has the same period. Only the complainant and the designated complaint
 * handlers (a configured role, discipline inspection by default) of a court it reached see it;
 * only the court holding it now acts on it.
 */
export class ComplaintsService {
  private readonly reportDays: number;

  constructor(
    private readonly deps: {
      db: Kysely<IntakeDB>;
      clock: Clock;
      /** Who handles complaints (COMPLAINT_HANDLER_ROLES); the rules' default when absent. */
      handlerRoles?: readonly Role[] | undefined;
      /** Days a court has to report a complaint it received to its committee (COMPLAINT_REPORT_DAYS). */
      reportDays?: number | undefined;
    },
  ) {
    this.reportDays = deps.reportDays ?? DEFAULT_COMPLAINT_REPORT_DAYS;
  }

  private handles(actor: AuthenticatedActor, court: string, operation: 'viewing' | 'processing') {
    return can(actor, operation, {
      kind: 'complaint',
      court,
      ...(this.deps.handlerRoles ? { designatedRoles: this.deps.handlerRoles } : {}),
    });
  }

  private reportDue(receivedAt: Date): Date {
    return dayPeriod(shanghaiDate(receivedAt), this.reportDays).dueAt;
  }

  async file(actor: AuthenticatedActor, body: z.output<typeof complaintBodySchema>) {
    let route;
    try {
      route = complaintRoute(actor.court);
    } catch {
      throw problem({
        status: 422,
        code: 'no-court-above',
        message: { zh: '本院没有上一级法院可受理控告', en: 'there is no court above yours to complain to' },
      });
    }
    const now = this.deps.clock.now();
    const id = newId();
    await this.deps.db.transaction().execute(async (trx) => {
      await insertComplaint(
        trx,
        {
          id,
          from_court: actor.court,
          complainant: actor.sub,
          receiving_court: route.receivingCourt,
          committee: route.reportsTo,
          against: body.against,
          description: body.description,
          filed_at: now,
        },
        {
          complaint_id: id,
          level: 1,
          court: route.receivingCourt,
          committee: route.reportsTo,
          received_at: now,
          report_due_at: this.reportDue(now),
          escalated_by: null,
        },
      );
      // The audit entry names the complaint, not its content.
      await appendAudit(trx, {
        court: route.receivingCourt,
        at: now,
        actor: actor.sub,
        action: 'complaint.filed',
        subjectId: id,
        data: { fromCourt: actor.court },
      });
    });
    return this.get(actor, id);
  }

  private async visible(actor: AuthenticatedActor, id: string) {
    const c = await findComplaint(this.deps.db, id);
    if (!c) throw problem('not-found');
    const levels = await complaintLevels(this.deps.db, id);
    const designated = levels.some((l) => this.handles(actor, l.court, 'viewing'));
    const own = c.complainant === actor.sub && c.from_court === actor.court;
    if (!(designated || own)) throw problem('not-found');
    return { c, levels };
  }

  async get(actor: AuthenticatedActor, id: string) {
    const { c, levels } = await this.visible(actor, id);
    const actions = await complaintActions(this.deps.db, id);
    const now = this.deps.clock.now();
    return {
      id: c.id,
      fromCourt: c.from_court,
      complainant: c.complainant,
      receivingCourt: c.receiving_court,
      committee: c.committee,
      against: c.against,
      description: c.description,
      filedAt: c.filed_at.toISOString(),
      actions: actions.map((a) => ({ action: a.action, note: a.note, by: a.by_sub, at: a.at.toISOString() })),
      holdingCourt: levels.at(-1)?.court ?? c.receiving_court,
      levels: levels.map((l) => {
        // Actions kept before levels existed were all taken at the first level.
        const reported = actions.find(
          (a) => a.action === 'reported-to-committee' && (a.level ?? 1) === l.level,
        );
        return {
          level: l.level,
          court: l.court,
          committee: l.committee,
          receivedAt: l.received_at.toISOString(),
          reportDueAt: l.report_due_at.toISOString(),
          reportedAt: reported?.at.toISOString() ?? null,
          report: timelinessCategory(l.report_due_at, reported?.at ?? null, now),
        };
      }),
    };
  }

  async list(actor: AuthenticatedActor) {
    const ids = await visibleComplaintIds(this.deps.db, {
      court: actor.court,
      sub: actor.sub,
      handlesCourt: this.handles(actor, actor.court, 'viewing'),
    });
    return Promise.all(ids.map((id) => this.get(actor, id)));
  }

  async act(actor: AuthenticatedActor, id: string, body: z.output<typeof complaintActionBodySchema>) {
    await this.visible(actor, id);
    const now = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (trx) => {
      const levels = await lockComplaintLevels(trx, id);
      const holding = levels.at(-1)!;
      // Only the court holding it now acts: a lower court that passed it on keeps reading it.
      if (!this.handles(actor, holding.court, 'processing')) throw problem('forbidden');
      if (body.action !== 'reported-to-committee') {
        const next = complaintEscalation(holding.court);
        if (!next)
          throw problem({
            status: 422,
            code: 'already-at-spc',
            message: { zh: '已由最高人民法院受理', en: 'the Supreme People’s Court already holds it' },
          });
        const top = complaintEscalation(next.court) === null;
        if (body.action === 'escalated-to-spc' && !top)
          throw problem({
            status: 422,
            code: 'escalate-level-by-level',
            message: {
              zh: '控告须逐级层报，不得越级报送最高人民法院：请报送上一级法院（action: escalated）',
              en: 'a complaint goes up one level at a time, never straight to the Supreme People’s Court: escalate it to the court above (action: escalated)',
            },
          });
        await insertComplaintLevel(trx, {
          complaint_id: id,
          level: holding.level + 1,
          court: next.court,
          committee: next.committee,
          received_at: now,
          report_due_at: this.reportDue(now),
          escalated_by: actor.sub,
        });
      }
      await insertComplaintAction(trx, {
        complaint_id: id,
        action: body.action,
        note: body.note,
        by_sub: actor.sub,
        at: now,
        level: holding.level,
      });
      await appendAudit(trx, {
        court: actor.court,
        at: now,
        actor: actor.sub,
        action: `complaint.${body.action}`,
        subjectId: id,
        data: { level: holding.level },
      });
    });
    return this.get(actor, id);
  }
}
