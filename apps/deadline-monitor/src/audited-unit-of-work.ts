import type { Kysely } from 'kysely';
import { UnitOfWork, type Clock, type OutboxRelay } from '@jir/service-kit';
import { writeAudit, type AuditEntry } from './audit.repository.js';
import type { DeadlineDB } from './db/schema.js';

/** The monitor's unit of work, whose audit entries are the monitor's own (`AuditEntry`). */
export type AuditedUnitOfWork = UnitOfWork<DeadlineDB, AuditEntry>;

/** How the monitor changes state: the change, its events and its audit entry in one transaction. */
export function auditedUnitOfWork(d: {
  db: Kysely<DeadlineDB>;
  clock: Clock;
  relay?: OutboxRelay | undefined;
}): AuditedUnitOfWork {
  return new UnitOfWork<DeadlineDB, AuditEntry>({
    db: d.db,
    clock: d.clock,
    relay: d.relay,
    audit: writeAudit,
  });
}
