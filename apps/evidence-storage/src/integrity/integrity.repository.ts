import { sql, type Kysely, type Transaction } from 'kysely';
import type { EvidenceDB } from '../db/schema.js';
import type { StoredObject, UploadedFacts } from './object-check.js';

/** What the integrity job needs of a claimed object: the object, and whose it is. */
export interface DueObject extends StoredObject {
  id: string;
  court: string;
  record_id: string;
}

/** The first 'uploaded' custody entry of evidence `e`: what the upload itself recorded. */
export const UPLOADED_FACTS = sql<UploadedFacts | null>`(
  SELECT c.detail FROM custody_events c
  WHERE c.evidence_id = e.id AND c.action = 'uploaded' ORDER BY c.id LIMIT 1)`;

/** Gives objects not scheduled yet their first check, one interval after their upload. */
export async function scheduleNewObjects(trx: Transaction<EvidenceDB>, intervalMs: number): Promise<void> {
  await sql`
    UPDATE evidence SET next_check_at = uploaded_at + make_interval(secs => ${intervalMs / 1000})
    WHERE next_check_at IS NULL`.execute(trx);
}

/**
 * Claims up to `limit` objects due at `now` and leases them until `leaseUntil`
 * (SKIP LOCKED: another instance takes other objects). The lease commits at
 * once, so reading a large object holds no lock; an instance that dies
 * mid-check leaves the object to be claimed again when the lease ends.
 */
export function claimDueObjects(now: Date, leaseUntil: Date, limit: number) {
  return sql<DueObject>`
    UPDATE evidence e SET next_check_at = ${leaseUntil}
    FROM (SELECT id FROM evidence WHERE next_check_at <= ${now}
          ORDER BY next_check_at LIMIT ${limit} FOR UPDATE SKIP LOCKED) due
    WHERE e.id = due.id
    RETURNING e.id, e.court, e.record_id, e.object_key, e.version_id, e.sha256, e.sm3, e.size,
              ${UPLOADED_FACTS} AS uploaded`;
}

/** Sets when the object is next due (after a check, or now again to release an unchecked lease). */
export async function scheduleCheck(
  db: Kysely<EvidenceDB> | Transaction<EvidenceDB>,
  ids: string[],
  at: Date,
): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('evidence').set({ next_check_at: at }).where('id', 'in', ids).execute();
}

/** A successful check, in the chain of custody. */
export async function recordCheckPassed(
  db: Kysely<EvidenceDB> | Transaction<EvidenceDB>,
  evidenceId: string,
  actor: string,
  at: Date,
): Promise<void> {
  await db
    .insertInto('custody_events')
    .values({
      evidence_id: evidenceId,
      action: 'integrity-checked',
      actor,
      at,
      detail: JSON.stringify({ problem: null }),
    })
    .execute();
}

/** A failed check, in the chain of custody. */
export async function recordCheckFailed(
  trx: Transaction<EvidenceDB>,
  evidenceId: string,
  problem: string,
  actor: string,
  at: Date,
): Promise<void> {
  await trx
    .insertInto('custody_events')
    .values({
      evidence_id: evidenceId,
      action: 'integrity-failed',
      actor,
      at,
      detail: JSON.stringify({ problem }),
    })
    .execute();
}
