import type { Kysely } from 'kysely';
import { can, quarterBounds, quarterOf, type Actor, type CourtHierarchy } from '@jir/rules';
import { problem, type Clock } from '@jir/service-kit';
import type { DeadlineDB } from '../db/schema.js';
import { complianceCounts } from './compliance.repository.js';

const KIND_GROUP: Record<string, 'entries' | 'copies' | 'escalations' | 'reports'> = {
  entry: 'entries',
  copy: 'copies',
  'severe-escalation': 'escalations',
  'quarterly-report': 'reports',
  'committee-report': 'reports',
};

/**
 * Compliance of a court and each court below it (Art 9, R-RP-5): what
 * supervision and circulation (通报) need. A court is shown only to whom
 * can() grants viewing its reports: its own trial management, statistician
 * and auditors, and the supervisors and statisticians of the courts above.
 */
export async function compliance(
  deps: { db: Kysely<DeadlineDB>; courts: CourtHierarchy; clock: Clock },
  actor: Actor,
  q: { court?: string | undefined; quarter?: string | undefined },
) {
  const asOf = deps.clock.now();
  const court = q.court ?? actor.court;
  const quarter = q.quarter ?? quarterOf(asOf);
  if (!deps.courts.has(court))
    throw problem('not-found', { message: { zh: `未知法院 ${court}`, en: `unknown court ${court}` } });
  const candidates = deps.courts.courts.filter((c) => c.code === court || deps.courts.isBelow(c.code, court));
  const visible = candidates.filter((c) =>
    can(actor, 'viewing', { kind: 'report', court: c.code }, deps.courts),
  );
  if (visible.length === 0) throw problem('forbidden');
  const { start, end } = quarterBounds(quarter);
  const rows = await complianceCounts(
    deps.db,
    visible.map((c) => c.code),
    quarter,
    start,
    end,
    asOf,
  );
  const zero = () => ({ onTime: 0, late: 0, missing: 0, pending: 0 });
  return {
    court,
    quarter,
    asOf: asOf.toISOString(),
    courts: visible.map((c) => {
      const out = {
        court: c.code,
        name: c.name,
        entries: zero(),
        copies: zero(),
        escalations: zero(),
        reports: zero(),
        breaches: 0,
        waived: 0,
      };
      for (const r of rows.filter((x) => x.court === c.code)) {
        const t = out[KIND_GROUP[r.kind] ?? 'reports'];
        t.onTime += r.on_time;
        t.late += r.late;
        t.missing += r.missing;
        t.pending += r.pending;
        out.breaches += r.breaches;
        out.waived += r.waived;
      }
      return out;
    }),
  };
}
