import type { z } from 'zod';
import type { obligationSchema } from '@jir/contracts';
import type { ObligationRow } from './obligations.repository.js';

/** An obligation as the API shows it. */
export function toObligationView(r: ObligationRow): z.input<typeof obligationSchema> {
  return {
    id: r.id,
    kind: r.kind,
    ...(r.record_id ? { recordId: r.record_id } : {}),
    ...(r.material_id ? { materialId: r.material_id } : {}),
    court: r.court,
    ...(r.handler ? { handler: r.handler } : {}),
    ...(r.division ? { division: r.division } : {}),
    ...(r.quarter ? { quarter: r.quarter } : {}),
    ...(r.level ? { level: r.level } : {}),
    startsAt: r.starts_at.toISOString(),
    dueDate: r.due_date,
    dueAt: r.due_at?.toISOString() ?? null,
    remindAt: r.remind_at?.toISOString() ?? null,
    state: r.state,
    ...(r.pending_reason ? { pendingReason: r.pending_reason } : {}),
    ...(r.met_at ? { metAt: r.met_at.toISOString() } : {}),
    ...(r.late_by_ms !== null ? { lateByMs: Number(r.late_by_ms) } : {}),
    ...(r.breached_at ? { breachedAt: r.breached_at.toISOString() } : {}),
    ...(r.reminded_at ? { remindedAt: r.reminded_at.toISOString() } : {}),
    ...(r.waived_at
      ? { waived: { by: r.waived_by ?? '', at: r.waived_at.toISOString(), reason: r.waive_reason ?? '' } }
      : {}),
    history: r.history,
  };
}
