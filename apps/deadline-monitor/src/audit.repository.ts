import type { Transaction } from 'kysely';
import type { DeadlineDB } from './db/schema.js';

/** What a person did here that changes duties: waivers and calendar loads. */
export interface AuditEntry {
  /** The unit of work's instant (`w.now`), so the entry agrees with the change and its event. */
  at: Date;
  actor: string;
  court: string;
  action: string;
  target: string;
  detail: Record<string, unknown>;
}

/** Writes the audit entry in the change's own transaction (the UnitOfWork's audit function). */
export async function writeAudit(trx: Transaction<DeadlineDB>, e: AuditEntry): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      at: e.at,
      actor: e.actor,
      court: e.court,
      action: e.action,
      target: e.target,
      detail: JSON.stringify(e.detail),
    })
    .execute();
}
