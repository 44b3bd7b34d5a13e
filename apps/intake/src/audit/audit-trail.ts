import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { IntakeDB } from '../db/schema.js';

/** JSON with object keys sorted at every level: jsonb reorders keys, the hash must not depend on it. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

const GENESIS = '0'.repeat(64);

interface EntryFields {
  court: string;
  at: Date;
  actor: string;
  action: string;
  subject_id: string;
  data: unknown;
}

function entryHash(prev: string, e: EntryFields): string {
  return createHash('sha256')
    .update(canonicalJson([prev, e.court, e.at.toISOString(), e.actor, e.action, e.subject_id, e.data]))
    .digest('hex');
}

/**
 * Appends to the court's hash-chained audit trail (R-PV-2). Call it last in
 * a transaction: the chain lock is held until commit, so keep that short.
 */
export async function appendAudit(
  trx: Transaction<IntakeDB>,
  e: { court: string; at: Date; actor: string; action: string; subjectId: string; data: unknown },
): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`audit:${e.court}`}))`.execute(trx);
  const last = await trx
    .selectFrom('audit_entries')
    .select('hash')
    .where('court', '=', e.court)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const fields: EntryFields = {
    court: e.court,
    at: e.at,
    actor: e.actor,
    action: e.action,
    subject_id: e.subjectId,
    data: e.data ?? null,
  };
  const prev = last?.hash ?? GENESIS;
  await trx
    .insertInto('audit_entries')
    .values({ ...fields, data: canonicalJson(fields.data), prev_hash: prev, hash: entryHash(prev, fields) })
    .execute();
}

export interface ChainReport {
  court: string;
  entries: number;
  intact: boolean;
  firstBreak?: { seq: number; reason: 'hash-mismatch' | 'link-mismatch' };
}

/** Recomputes a court's chain from its first entry and reports the first break (R-PV-2). */
export async function verifyAudit(db: Kysely<IntakeDB>, court: string): Promise<ChainReport> {
  let prev = GENESIS;
  let entries = 0;
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_entries')
      .selectAll()
      .where('court', '=', court)
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(5000)
      .execute();
    if (rows.length === 0) return { court, entries, intact: true };
    for (const r of rows) {
      if (r.prev_hash !== prev)
        return { court, entries, intact: false, firstBreak: { seq: r.seq, reason: 'link-mismatch' } };
      const expected = entryHash(prev, {
        court: r.court,
        at: r.at,
        actor: r.actor,
        action: r.action,
        subject_id: r.subject_id,
        data: r.data,
      });
      if (expected !== r.hash)
        return { court, entries, intact: false, firstBreak: { seq: r.seq, reason: 'hash-mismatch' } };
      prev = r.hash;
      entries++;
      after = r.seq;
    }
  }
}
