import type { Kysely } from 'kysely';
import { newId } from '@jir/contracts';
import { can } from '@jir/rules';
import { problem, UnitOfWork, type AuthenticatedActor } from '@jir/service-kit';
import type { ReportingDB } from '../db/schema.js';
import { insertDeliveries } from '../delivery/deliveries.repository.js';
import type { DeliveryDeps } from '../delivery/delivery.service.js';
import { newDelivery } from '../delivery/new-delivery.js';
import { countsOf } from '../read-model/record-counts.repository.js';
import { snapshotDigest, signDigest } from '../reports/report-signing.js';
import { insertCircular, recordBreaches, reportDuties } from './compliance.repository.js';

/** A circular is signed and delivered as a report is, so it needs what sending needs. */
export type ComplianceDeps = DeliveryDeps;

/**
 * Each lower court's compliance (R-RP-5, Art 9): its reports on time or
 * late, its records entered and copied on time, its breaches, all from the
 * deadline monitor's outcomes; and the circular (通报) of it, frozen and
 * signed like a report and delivered to the lower courts.
 */
export class ComplianceService {
  private readonly uow: UnitOfWork<ReportingDB>;
  constructor(private readonly deps: ComplianceDeps) {
    this.uow = new UnitOfWork<ReportingDB>({ db: deps.db, clock: deps.clock, relay: deps.relay });
  }

  /** The courts below `court` the actor may see, with their figures for the quarter. */
  async compliance(
    actor: AuthenticatedActor,
    court: string,
    quarter: string,
    db: Kysely<ReportingDB> = this.deps.db,
  ) {
    const { courts } = this.deps;
    if (!courts.has(court) || !can(actor, 'viewing', { kind: 'report', court }, courts))
      throw problem('forbidden');
    const lower = courts.courts.filter(
      (c) =>
        courts.isBelow(c.code, court) && can(actor, 'viewing', { kind: 'report', court: c.code }, courts),
    );
    const rows = [];
    for (const c of lower) {
      const [counts, reports, breaches] = await Promise.all([
        countsOf(db, c.code, quarter),
        reportDuties(db, c.code, quarter),
        recordBreaches(db, c.code, quarter),
      ]);
      const t = (kind: string) => ({
        onTime: counts.get(`${kind}:onTime`) ?? 0,
        late: counts.get(`${kind}:late`) ?? 0,
        missing: counts.get(`${kind}:missing`) ?? 0,
        pending: counts.get(`${kind}:pending`) ?? 0,
      });
      rows.push({
        court: c.code,
        name: c.name,
        reports: {
          onTime: reports.on_time,
          late: reports.late,
          missing: reports.missing,
          pending: reports.pending,
        },
        records: { total: counts.get('total') ?? 0, entry: t('entry'), copy: t('copy') },
        breaches: { records: breaches, reports: reports.breached },
      });
    }
    return { court, quarter, asOf: this.deps.clock.now().toISOString(), courts: rows };
  }

  /** Circulates the compliance: only who may report for the court (its trial management) may. */
  async circulate(
    actor: AuthenticatedActor,
    body: { court: string; quarter: string; note?: string | undefined },
  ) {
    const { courts } = this.deps;
    if (!courts.has(body.court) || !can(actor, 'reporting', { kind: 'report', court: body.court }, courts))
      throw problem('forbidden');
    const result = await this.uow.run(async (w) => {
      const figures = await this.compliance(actor, body.court, body.quarter, w.trx);
      const document = {
        ...figures,
        asOf: w.now.toISOString(),
        id: newId(),
        circulatedBy: actor.sub,
        note: body.note ?? null,
      };
      const digest = snapshotDigest(document);
      const signature = signDigest(this.deps.key, digest);
      await insertCircular(w.trx, {
        id: document.id,
        court: body.court,
        quarter: body.quarter,
        document,
        digest,
        signature,
        keyId: this.deps.key.keyId,
        by: actor.sub,
        at: w.now,
      });
      await insertDeliveries(
        w.trx,
        figures.courts.map((c) =>
          newDelivery(
            this.deps.deployment,
            { kind: 'court', code: c.court },
            {
              kind: 'compliance-circular',
              id: document.id,
              court: body.court,
              quarter: body.quarter,
              recordId: null,
              document,
              digest,
              signature,
              keyId: this.deps.key.keyId,
            },
            w.now,
          ),
        ),
      );
      return { ...document, digest, signature, keyId: this.deps.key.keyId };
    });
    this.deps.wakeDeliveries?.();
    return result;
  }
}
