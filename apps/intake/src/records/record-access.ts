import type { Kysely } from 'kysely';
import { assertCan, problem, type AuthenticatedActor, type Clock, type UnitOfWork } from '@jir/service-kit';
import type { AuditInput } from '../audit/audit-trail.js';
import type { IntakeDB } from '../db/schema.js';
import type { StatedTimes } from '../time/stated-times.js';
import type { NewRecordWriter } from './new-record-writer.js';
import { lockRecord } from './records.repository.js';

/** What every records operation works with. */
export interface RecordsContext {
  db: Kysely<IntakeDB>;
  clock: Clock;
  work: UnitOfWork<IntakeDB, AuditInput>;
  /** New records go through group commit (R-NF-1). */
  newRecords: NewRecordWriter;
  statedTimes: StatedTimes;
}

/** The record locked for a change by someone with the right to it; others learn nothing of it. */
export async function lockOwnRecord(
  trx: Kysely<IntakeDB>,
  actor: AuthenticatedActor,
  id: string,
  operation: 'entry' | 'processing',
) {
  const row = await lockRecord(trx, id);
  if (!row) throw problem('not-found');
  const resource = { court: row.court, handler: row.handler, division: row.division ?? undefined };
  // Someone who may not even see it learns nothing of its existence.
  assertCan(actor, 'viewing', resource, { hideAs404: true });
  assertCan(actor, operation, resource);
  return row;
}
