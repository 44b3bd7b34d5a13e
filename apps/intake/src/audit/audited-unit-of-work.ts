import type { Kysely } from 'kysely';
import { UnitOfWork, type Clock, type OutboxRelay, type UnitOfWorkFaults, type Work } from '@jir/service-kit';
import type { IntakeDB } from '../db/schema.js';
import { appendAudit, type AuditInput } from './audit-trail.js';

/** Intake's unit of work, whose audit entries go to intake's own trail (R-PV-2). */
export type AuditedUnitOfWork = UnitOfWork<IntakeDB, AuditInput>;

/** What one change of intake's can do inside its transaction. */
export type AuditedWork = Work<IntakeDB, AuditInput>;

/** How intake changes state: the change, its events, its audit entry and the idempotent answer in one transaction. */
export function auditedUnitOfWork(d: {
  db: Kysely<IntakeDB>;
  clock: Clock;
  relay?: OutboxRelay | undefined;
  /** Crash simulation for tests; never set in production. */
  faults?: UnitOfWorkFaults | undefined;
}): AuditedUnitOfWork {
  return new UnitOfWork<IntakeDB, AuditInput>({
    db: d.db,
    clock: d.clock,
    relay: d.relay,
    audit: appendAudit,
    ...(d.faults ? { faults: d.faults } : {}),
  });
}
