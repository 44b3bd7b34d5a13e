import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { newId, type accountabilityBodySchema } from '@jir/contracts';
import { SANCTION_MEASURES, courtsOfTheCity, suggestSanction, type Role } from '@jir/rules';
import { assertCan, type AuthenticatedActor, type Clock } from '@jir/service-kit';
import { appendAudit } from '../audit/audit-trail.js';
import type { IntakeDB } from '../db/schema.js';
import { insertEntry, listEntries, lockPerson, priorViolations } from './accountability.repository.js';

/**
 * Art 11 (R-AB-1): an established failure to record, or to record truthfully,
 * goes into the ledger with the sanction the rules suggest from the person's
 * earlier violations in any court of the city; a superior who instructed it,
 * under Art 76. Who records findings is configuration.
 */
export class AccountabilityService {
  constructor(
    private readonly deps: {
      db: Kysely<IntakeDB>;
      clock: Clock;
      /** Who may record findings (LEDGER_FINDER_ROLES); the rules' default when absent. */
      finderRoles?: readonly Role[] | undefined;
    },
  ) {}

  async create(actor: AuthenticatedActor, body: z.output<typeof accountabilityBodySchema>) {
    assertCan(actor, 'processing', {
      kind: 'ledger',
      court: actor.court,
      ...(this.deps.finderRoles ? { designatedRoles: this.deps.finderRoles } : {}),
    });
    const now = this.deps.clock.now();
    const id = newId();
    // A handler who moves between the city's courts keeps their record (Art 11 speaks of 全市法院).
    const city = courtsOfTheCity(actor.court);
    const entry = await this.deps.db.transaction().execute(async (trx) => {
      await lockPerson(trx, body.staff);
      const prior =
        body.kind === 'instructed-by-supervisor' ? 0 : await priorViolations(trx, body.staff, city);
      const s = suggestSanction({
        priorViolations: prior,
        instructedBySupervisor: body.kind === 'instructed-by-supervisor',
      });
      const row = {
        id,
        court: actor.court,
        staff: body.staff,
        kind: body.kind,
        record_id: body.recordId ?? null,
        description: body.description,
        evidence: JSON.stringify(body.evidence),
        prior_violations: prior,
        suggested_measures: s.measures,
        suggested_article: s.article,
        found_by: actor.sub,
        found_at: now,
      };
      await insertEntry(trx, row);
      await appendAudit(trx, {
        court: actor.court,
        at: now,
        actor: actor.sub,
        action: 'accountability.recorded',
        subjectId: id,
        data: { staff: body.staff, kind: body.kind, article: s.article },
      });
      return { ...row, evidence: body.evidence };
    });
    return this.toView(entry);
  }

  async list(actor: AuthenticatedActor, staff?: string) {
    assertCan(actor, 'viewing', { kind: 'ledger', court: actor.court });
    return (await listEntries(this.deps.db, actor.court, staff)).map((r) => this.toView(r));
  }

  private toView(r: {
    id: string;
    staff: string;
    kind: string;
    record_id: string | null;
    description: string;
    evidence: unknown;
    prior_violations: number;
    suggested_measures: string[];
    suggested_article: number | null;
    found_by: string;
    found_at: Date;
  }) {
    return {
      id: r.id,
      staff: r.staff,
      kind: r.kind,
      recordId: r.record_id,
      description: r.description,
      evidence: r.evidence,
      priorViolations: r.prior_violations,
      suggestion: {
        measures: r.suggested_measures.map((m) => ({
          code: m,
          ...SANCTION_MEASURES[m as keyof typeof SANCTION_MEASURES],
        })),
        article: r.suggested_article,
        regulation: r.suggested_article ? '《人民法院工作人员处分条例》' : null,
      },
      foundBy: r.found_by,
      foundAt: r.found_at.toISOString(),
    };
  }
}
