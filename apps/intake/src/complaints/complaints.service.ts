import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { newId, type complaintActionBodySchema, type complaintBodySchema } from '@jir/contracts';
import { can, complaintRoute } from '@jir/rules';
import { problem, type AuthenticatedActor, type Clock } from '@jir/service-kit';
import { appendAudit } from '../audit/audit-trail.js';
import type { IntakeDB } from '../db/schema.js';

/**
 * Art 12 (R-AB-2): staff who meet obstruction or retaliation for applying
 * these rules complain to the court one level up. Only that court's
 * designated staff (statisticians) and the complainant see a complaint; the
 * receiving court reports it to its committee and may escalate to the SPC.
 */
export class ComplaintsService {
  constructor(private readonly deps: { db: Kysely<IntakeDB>; clock: Clock }) {}

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
      await trx
        .insertInto('complaints')
        .values({
          id,
          from_court: actor.court,
          complainant: actor.sub,
          receiving_court: route.receivingCourt,
          committee: route.reportsTo,
          against: body.against,
          description: body.description,
          filed_at: now,
        })
        .execute();
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
    const c = await this.deps.db.selectFrom('complaints').selectAll().where('id', '=', id).executeTakeFirst();
    const designated = c && can(actor, 'viewing', { kind: 'complaint', court: c.receiving_court });
    const own = c && c.complainant === actor.sub && c.from_court === actor.court;
    if (!c || !(designated || own)) throw problem('not-found');
    return { c, designated: Boolean(designated) };
  }

  async get(actor: AuthenticatedActor, id: string) {
    const { c } = await this.visible(actor, id);
    const actions = await this.deps.db
      .selectFrom('complaint_actions')
      .selectAll()
      .where('complaint_id', '=', id)
      .orderBy('id')
      .execute();
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
    };
  }

  async list(actor: AuthenticatedActor) {
    const q = this.deps.db.selectFrom('complaints').select('id');
    const rows = can(actor, 'viewing', { kind: 'complaint', court: actor.court })
      ? await q
          .where((eb) =>
            eb.or([
              eb('receiving_court', '=', actor.court),
              eb.and([eb('complainant', '=', actor.sub), eb('from_court', '=', actor.court)]),
            ]),
          )
          .orderBy('id')
          .execute()
      : await q
          .where('complainant', '=', actor.sub)
          .where('from_court', '=', actor.court)
          .orderBy('id')
          .execute();
    return Promise.all(rows.map((r) => this.get(actor, r.id)));
  }

  async act(actor: AuthenticatedActor, id: string, body: z.output<typeof complaintActionBodySchema>) {
    const { c, designated } = await this.visible(actor, id);
    if (!designated) throw problem('forbidden');
    if (body.action === 'escalated-to-spc' && c.receiving_court === 'SPC') {
      throw problem({
        status: 422,
        code: 'already-at-spc',
        message: { zh: '已由最高人民法院受理', en: 'the Supreme People’s Court already holds it' },
      });
    }
    const now = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('complaint_actions')
        .values({ complaint_id: id, action: body.action, note: body.note, by_sub: actor.sub, at: now })
        .execute();
      await appendAudit(trx, {
        court: actor.court,
        at: now,
        actor: actor.sub,
        action: `complaint.${body.action}`,
        subjectId: id,
        data: {},
      });
    });
    return this.get(actor, id);
  }
}
