import { STREAMS, obligationBreached } from '@jir/contracts';
import { defineConsumer, on } from '@jir/service-kit';
import type { IntakeTables } from '../db/schema.js';
import { insertBreach } from './breach-evidence.repository.js';

/**
 * Intake hears of every deadline the monitor marks breached and keeps it as evidence against
 * the staff member it fell on (R-AB-1). A breach is final (a later fulfilment makes it met
 * late, never unbreached), so one row per obligation, written once whatever the order or
 * redeliveries; no ledger entry is made: citing it is trial management's decision.
 */
export const breachEvidenceConsumer = defineConsumer<IntakeTables>({
  reads: STREAMS.deadlines,
  handlers: [
    on(obligationBreached, async (e, trx) => {
      const d = e.data;
      await insertBreach(trx, {
        obligation_id: d.obligationId,
        court: e.court,
        kind: d.kind,
        handler: d.handler ?? null,
        division: d.division ?? null,
        record_id: d.recordId ?? null,
        material_id: d.materialId ?? null,
        quarter: d.quarter ?? null,
        level: d.level ?? null,
        due_date: d.dueDate,
        due_at: new Date(d.dueAt),
        breached_at: new Date(d.breachedAt),
        event_id: e.id,
      });
    }),
  ],
});
