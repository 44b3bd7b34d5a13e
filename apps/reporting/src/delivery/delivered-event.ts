import { escalationDelivered, reportDelivered, type ActorRef } from '@jir/contracts';
import type { KitTables, Work } from '@jir/service-kit';
import type { DeliveryRow } from './deliveries.repository.js';

/** How the caller writes an event: a unit of work's `emit`, or the kit's outbox at a chosen instant. */
type Emit = Work<KitTables, never>['emit'];

/**
 * Says that a delivery was made, whoever made it (a push acknowledged, a committee handover):
 * a report's delivery for the deadline monitor's report duties, an escalation's for its
 * severe-escalation duties (R-DL-4, R-RP-2).
 */
export async function emitDelivered(emit: Emit, row: DeliveryRow, actor: ActorRef, at: Date): Promise<void> {
  if (row.document_kind === 'quarterly-report' && row.quarter)
    await emit(reportDelivered, {
      court: row.court,
      aggregateId: row.document_id,
      actor,
      data: {
        reportId: row.document_id,
        court: row.court,
        quarter: row.quarter,
        recipient: row.recipient,
        recipientKind: row.recipient_kind,
        deliveredAt: at.toISOString(),
      },
    });
  else if (row.document_kind === 'severe-escalation' && row.record_id)
    await emit(escalationDelivered, {
      court: row.court,
      aggregateId: row.record_id,
      actor,
      data: {
        recordId: row.record_id,
        court: row.court,
        level: row.recipient,
        deliveredAt: at.toISOString(),
      },
    });
}
