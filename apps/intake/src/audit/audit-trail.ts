import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { ClaimWorker, canonicalJson, createLogger, type Clock, type Logger } from '@jir/service-kit';
import type { IntakeDB } from '../db/schema.js';
import {
  chainHead,
  hasPendingAudit,
  lockCourtsToSeal,
  recordsPage,
  versionsPage,
} from './audit.repository.js';
import { recordContentHash, recordWorkflowHash, versionContentHash } from './content-hash.js';

// Hashes are over canonical JSON (jsonb reorders keys); the kit's, which the signatures use too.
export { canonicalJson } from '@jir/service-kit';

const GENESIS = '0'.repeat(64);
/** Entries of one court linked by one statement. */
const SEAL_BATCH = 1000;
/** Courts one sealer pass takes (their seal locks are held until its commit). */
const MAX_COURTS_PER_PASS = 100;

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
 * it finds them, on a ClaimWorker. A chain is sequential, so what is claimed
 * is a court, not rows: the claim takes a court's seal lock (an advisory
 * transaction lock, the per-court equivalent of SKIP LOCKED), and several
 * service instances may run it, each sealing the courts the others are not.
 */
export class AuditSealer {
  private readonly worker: ClaimWorker<IntakeDB, { court: string }>;

  constructor(
    private readonly deps: { db: Kysely<IntakeDB>; logger?: Logger; intervalMs?: number; clock?: Clock },
  ) {
    this.worker = new ClaimWorker<IntakeDB, { court: string }>({
      name: 'audit sealer',
      db: deps.db,
      logger: deps.logger ?? createLogger({ service: 'intake', level: 'silent' }),
      ...(deps.clock ? { clock: deps.clock } : {}),
      // Every court this instance can lock in one claim, then a pause of `idleMs` (R-NF-1): while
      // records arrive steadily, a claim of one court followed at once by the next kept the sealer
      // in a loop of three to six round trips per handful of entries, a fifth of intake's queries under
      // load. Waiting lets the entries of the interval share one seal; a court with more than one
      // batch left asks for the next pass at once, so a backlog is still worked off without pauses.
      batchSize: MAX_COURTS_PER_PASS,
      idleMs: deps.intervalMs ?? 100,
      claim: (trx, { limit }) => lockCourtsToSeal(trx, limit),
      process: async (claimed, trx) => {
        let more = false;
        for (const { court } of claimed)
          if ((await sealCourtBatch(trx as Transaction<IntakeDB>, court)) >= SEAL_BATCH) more = true;
        if (more) this.worker.wake();
      },
    });
  }

  /** The background job's name. */
  get name(): string {
    return this.worker.name;
  }

  start(): void {
    this.worker.start();
  }

  /** Stops after the court in hand, then seals what is left, so nothing committed stays unsealed. */
  async stop(): Promise<void> {
    await this.worker.stop();
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
      return sealCourtBatch(trx, court);
    });
  }
}

/** Links up to SEAL_BATCH of a court's unsealed entries; the caller holds the court's seal lock. */
async function sealCourtBatch(trx: Transaction<IntakeDB>, court: string): Promise<number> {
  const head = await chainHead(trx, court);
  const rows = await trx
    .selectFrom('audit_entries')
    .select(['seq', 'court', 'at', 'actor', 'action', 'subject_id', 'data'])
    .where('court', '=', court)
    .where('hash', 'is', null)
    .orderBy('seq')
    .limit(SEAL_BATCH)
    .execute();
  if (rows.length === 0) return 0;
  let prev = head?.hash ?? GENESIS;
  let pos = head?.position ?? 0;
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
}

export interface ContentMismatch {
  kind: 'record' | 'version';
  recordId: string;
  revision: number;
  /**
   * The stored row does not hash to what the chain recorded, or no sealed entry recorded it at
   * all; or its workflow columns (state, entry and copy times, identity links) are not as the
   * last change the chain recorded left them.
   */
  reason: 'content-mismatch' | 'not-audited' | 'workflow-mismatch';
}

export interface ChainReport {
  court: string;
  entries: number;
  /** Committed entries not yet linked into the chain (normally sealed within a fraction of a second). */
  pending: number;
  intact: boolean;
  firstBreak?: { seq: number; chainPos: number; reason: 'hash-mismatch' | 'link-mismatch' | 'position-gap' };
  /** The first stored record or version (by record id, then revision) that the chain does not vouch for. */
  firstContentMismatch?: ContentMismatch;
}

/** What the chain says each record's content and each version hashed to when written. */
interface Vouched {
  records: Map<string, { revision: number; hash: string }>;
  versions: Map<string, string>;
  /** Each record's workflow hash after the last change of it, in chain order. */
  workflow: Map<string, string>;
}

function collectHashes(v: Vouched, subjectId: string, data: unknown) {
  if (!data || typeof data !== 'object') return;
  const d = data as {
    revision?: unknown;
    contentHash?: unknown;
    versionHash?: unknown;
    workflowHash?: unknown;
    workflowHashes?: unknown;
  };
  if (typeof d.workflowHash === 'string') v.workflow.set(subjectId, d.workflowHash);
  // An identity merge moves many records at once: its entry holds each one's hash.
  if (d.workflowHashes && typeof d.workflowHashes === 'object')
    for (const [recordId, hash] of Object.entries(d.workflowHashes))
      if (typeof hash === 'string') v.workflow.set(recordId, hash);
  if (typeof d.revision !== 'number') return;
  if (typeof d.contentHash === 'string') {
    const seen = v.records.get(subjectId);
    if (!seen || seen.revision <= d.revision)
      v.records.set(subjectId, { revision: d.revision, hash: d.contentHash });
  }
  if (typeof d.versionHash === 'string') v.versions.set(`${subjectId}#${d.revision}`, d.versionHash);
}

/**
 * Recomputes a court's chain from its first entry and reports the first break
 * (R-PV-2); then compares every stored record and version of the court with
 * the content hashes the chain recorded, so an in-place edit of a record is
 * caught even though no audit entry changed.
 */
export async function verifyAudit(db: Kysely<IntakeDB>, court: string): Promise<ChainReport> {
  const pendingRow = await db
    .selectFrom('audit_entries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('court', '=', court)
    .where('hash', 'is', null)
    .executeTakeFirstOrThrow();
  const pending = Number(pendingRow.n);
  const vouched: Vouched = { records: new Map(), versions: new Map(), workflow: new Map() };
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
    if (rows.length === 0) break;
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
      collectHashes(vouched, r.subject_id, r.data);
      prev = r.hash;
      entries = pos;
    }
  }
  const mismatch = await firstContentMismatch(db, court, vouched);
  return mismatch
    ? { court, entries, pending, intact: false, firstContentMismatch: mismatch }
    : { court, entries, pending, intact: true };
}

async function firstContentMismatch(
  db: Kysely<IntakeDB>,
  court: string,
  vouched: Vouched,
): Promise<ContentMismatch | undefined> {
  // A row written after the chain was read has its entry still pending: not yet vouched for, not forged.
  const unvouched = async (recordId: string) => !(await hasPendingAudit(db, court, recordId));
  for (let after: string | null = null; ;) {
    const rows = await recordsPage(db, court, after, 1000);
    if (rows.length === 0) break;
    for (const r of rows) {
      const v = vouched.records.get(r.id);
      const at = { kind: 'record' as const, recordId: r.id, revision: r.revision };
      const w = vouched.workflow.get(r.id);
      // Records written before workflow hashes existed have none in the chain: their content is checked.
      const reason = !v
        ? 'not-audited'
        : v.revision !== r.revision || v.hash !== recordContentHash(r)
          ? 'content-mismatch'
          : w !== undefined && w !== recordWorkflowHash(r)
            ? 'workflow-mismatch'
            : undefined;
      if (reason && (await unvouched(r.id))) return { ...at, reason };
    }
    after = rows[rows.length - 1]!.id;
  }
  for (let after: { recordId: string; revision: number } | null = null; ;) {
    const rows = await versionsPage(db, court, after, 1000);
    if (rows.length === 0) break;
    for (const r of rows) {
      const h = vouched.versions.get(`${r.record_id}#${r.revision}`);
      const at = { kind: 'version' as const, recordId: r.record_id, revision: r.revision };
      const reason = !h ? 'not-audited' : h !== versionContentHash(r) ? 'content-mismatch' : undefined;
      if (reason && (await unvouched(r.record_id))) return { ...at, reason };
    }
    const last = rows[rows.length - 1]!;
    after = { recordId: last.record_id, revision: last.revision };
  }
  return undefined;
}
