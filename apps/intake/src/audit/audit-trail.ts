import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Logger } from '@jir/service-kit';
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
  seq: number;
  court: string;
  at: Date;
  actor: string;
  action: string;
  subject_id: string;
  data: unknown;
}

function entryHash(prev: string, pos: number, e: EntryFields): string {
  return createHash('sha256')
    .update(
      canonicalJson([prev, pos, e.seq, e.court, e.at.toISOString(), e.actor, e.action, e.subject_id, e.data]),
    )
    .digest('hex');
}

/**
 * Appends an entry to the audit trail inside the caller's transaction (R-PV-2).
 * It is not hashed here: that would serialise every transaction of a court
 * through its commit. The sealer links committed entries into the chain.
 */
export async function appendAudit(trx: Transaction<IntakeDB>, e: AuditInput): Promise<void> {
  await trx.insertInto('audit_entries').values(auditRow(e)).execute();
}

export interface AuditInput {
  court: string;
  at: Date;
  actor: string;
  action: string;
  subjectId: string;
  data: unknown;
}

/** The unsealed audit row, for callers that insert it in the same statement as their change. */
export function auditRow(e: AuditInput) {
  return {
    court: e.court,
    at: e.at,
    actor: e.actor,
    action: e.action,
    subject_id: e.subjectId,
    data: canonicalJson(e.data ?? null),
    chain_pos: null,
    prev_hash: null,
    hash: null,
    sealed_at: null,
  };
}

/**
 * Links committed, unsealed entries into each court's hash chain, in the order
 * it finds them. One sealer per court at a time (advisory lock), so several
 * service instances may run it.
 */
export class AuditSealer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(private readonly deps: { db: Kysely<IntakeDB>; logger?: Logger; intervalMs?: number }) {}

  start(): void {
    const tick = () => {
      this.running = this.sealAll()
        .catch((e: unknown) =>
          this.deps.logger?.warn({ err: (e as Error).message }, 'audit sealing failed; will retry'),
        )
        .finally(() => {
          if (this.timer !== undefined) this.timer = setTimeout(tick, this.deps.intervalMs ?? 100);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
    await this.sealAll();
  }

  /**
   * Seals everything committed so far; returns how many entries were sealed.
   * With `wait`, it queues behind a sealer already at work on a court instead
   * of leaving that court to it (a verification must see everything sealed).
   */
  async sealAll(opts: { wait?: boolean } = {}): Promise<number> {
    const courts = await sql<{
      court: string;
    }>`SELECT DISTINCT court FROM audit_entries WHERE hash IS NULL`.execute(this.deps.db);
    let n = 0;
    for (const { court } of courts.rows) {
      for (let sealed = -1; sealed !== 0; n += sealed)
        sealed = await this.sealBatch(court, opts.wait ?? false);
    }
    return n;
  }

  private async sealBatch(court: string, wait: boolean): Promise<number> {
    return this.deps.db.transaction().execute(async (trx) => {
      const lock = `audit-seal:${court}`;
      if (wait) await sql`SELECT pg_advisory_xact_lock(hashtext(${lock}))`.execute(trx);
      else {
        const got = await sql<{
          ok: boolean;
        }>`SELECT pg_try_advisory_xact_lock(hashtext(${lock})) AS ok`.execute(trx);
        if (!got.rows[0]?.ok) return 0;
      }
      const last = await trx
        .selectFrom('audit_entries')
        .select(['chain_pos', 'hash'])
        .where('court', '=', court)
        .where('hash', 'is not', null)
        .orderBy('chain_pos', 'desc')
        .limit(1)
        .executeTakeFirst();
      const rows = await trx
        .selectFrom('audit_entries')
        .select(['seq', 'court', 'at', 'actor', 'action', 'subject_id', 'data'])
        .where('court', '=', court)
        .where('hash', 'is', null)
        .orderBy('seq')
        .limit(1000)
        .execute();
      if (rows.length === 0) return 0;
      let prev = last?.hash ?? GENESIS;
      let pos = last?.chain_pos ?? 0;
      const sealed = rows.map((r) => {
        pos += 1;
        const hash = entryHash(prev, pos, r as EntryFields);
        const out = { seq: r.seq, pos, prev, hash };
        prev = hash;
        return out;
      });
      await sql`
        UPDATE audit_entries a SET chain_pos = v.pos, prev_hash = v.prev, hash = v.hash, sealed_at = now()
        FROM (SELECT * FROM unnest(${sealed.map((s) => s.seq)}::bigint[], ${sealed.map((s) => s.pos)}::bigint[],
                                   ${sealed.map((s) => s.prev)}::text[], ${sealed.map((s) => s.hash)}::text[]) AS t(seq, pos, prev, hash)) v
        WHERE a.seq = v.seq`.execute(trx);
      return sealed.length;
    });
  }
}

export interface ChainReport {
  court: string;
  entries: number;
  /** Committed entries not yet linked into the chain (normally sealed within a fraction of a second). */
  pending: number;
  intact: boolean;
  firstBreak?: { seq: number; chainPos: number; reason: 'hash-mismatch' | 'link-mismatch' | 'position-gap' };
}

/** Recomputes a court's chain from its first entry and reports the first break (R-PV-2). */
export async function verifyAudit(db: Kysely<IntakeDB>, court: string): Promise<ChainReport> {
  const pendingRow = await db
    .selectFrom('audit_entries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('court', '=', court)
    .where('hash', 'is', null)
    .executeTakeFirstOrThrow();
  const pending = Number(pendingRow.n);
  let prev = GENESIS;
  let entries = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_entries')
      .selectAll()
      .where('court', '=', court)
      .where('chain_pos', '>', entries)
      .orderBy('chain_pos')
      .limit(5000)
      .execute();
    if (rows.length === 0) return { court, entries, pending, intact: true };
    for (const r of rows) {
      const pos = entries + 1;
      const at = { seq: r.seq, chainPos: Number(r.chain_pos) };
      if (Number(r.chain_pos) !== pos)
        return { court, entries, pending, intact: false, firstBreak: { ...at, reason: 'position-gap' } };
      if (r.prev_hash !== prev)
        return { court, entries, pending, intact: false, firstBreak: { ...at, reason: 'link-mismatch' } };
      if (entryHash(prev, pos, r as EntryFields) !== r.hash) {
        return { court, entries, pending, intact: false, firstBreak: { ...at, reason: 'hash-mismatch' } };
      }
      prev = r.hash;
      entries = pos;
    }
  }
}
