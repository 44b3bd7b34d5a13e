import { sql, type Kysely, type Transaction } from 'kysely';
import type { IntakeDB } from '../db/schema.js';
import {
  RECORD_WORKFLOW_COLUMNS,
  type RecordContentRow,
  type RecordWorkflowRow,
  type VersionContentRow,
} from './content-hash.js';

/** One page of a court's records as stored, by id (keyset), for comparison with the audit chain. */
export function recordsPage(
  db: Kysely<IntakeDB>,
  court: string,
  afterId: string | null,
  limit: number,
): Promise<(RecordContentRow & RecordWorkflowRow)[]> {
  let q = db
    .selectFrom('records')
    .select([
      'id',
      'court',
      'handler',
      'division',
      'revision',
      'case_number',
      'stage',
      'form',
      'received_at',
      'communicated_at',
      'interferer',
      'content',
      'special_items',
      'severe',
      'involves_principal_leader',
      'place',
      'persons_present',
      'relayed_by',
      'no_other_person_present',
      ...RECORD_WORKFLOW_COLUMNS,
    ])
    .where('court', '=', court);
  if (afterId) q = q.where('id', '>', afterId);
  return q.orderBy('id').limit(limit).execute();
}

/** One page of the versions of a court's records, by record and revision (keyset). */
export function versionsPage(
  db: Kysely<IntakeDB>,
  court: string,
  after: { recordId: string; revision: number } | null,
  limit: number,
): Promise<VersionContentRow[]> {
  let q = db
    .selectFrom('record_versions as v')
    .innerJoin('records as r', 'r.id', 'v.record_id')
    .select(['v.record_id', 'v.revision', 'v.snapshot', 'v.changed_by', 'v.reason', 'v.changed_fields'])
    .where('r.court', '=', court);
  if (after)
    q = q.where((eb) =>
      eb.or([
        eb('v.record_id', '>', after.recordId),
        eb.and([eb('v.record_id', '=', after.recordId), eb('v.revision', '>', after.revision)]),
      ]),
    );
  return q.orderBy('v.record_id').orderBy('v.revision').limit(limit).execute();
}

/** Whether an audit entry for this subject is committed but not yet linked into the chain. */
export async function hasPendingAudit(db: Kysely<IntakeDB>, court: string, subjectId: string) {
  const row = await db
    .selectFrom('audit_entries')
    .select('seq')
    .where('court', '=', court)
    .where('subject_id', '=', subjectId)
    .where('hash', 'is', null)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

type Db = Kysely<IntakeDB> | Transaction<IntakeDB>;

/** The last sealed entry of a court's chain. */
export async function chainHead(db: Db, court: string) {
  const row = await db
    .selectFrom('audit_entries')
    .select(['chain_pos', 'hash'])
    .where('court', '=', court)
    .where('hash', 'is not', null)
    .orderBy('chain_pos', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { position: Number(row.chain_pos), hash: row.hash! } : undefined;
}

/** The sealed entry at a position of a court's chain. */
export function chainEntryAt(db: Db, court: string, position: number) {
  return db
    .selectFrom('audit_entries')
    .select(['seq', 'hash'])
    .where('court', '=', court)
    .where('chain_pos', '=', position)
    .executeTakeFirst();
}

export async function courtsWithChains(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('audit_entries')
    .select('court')
    .distinct()
    .where('hash', 'is not', null)
    .execute();
  return rows.map((r) => r.court);
}

export function lastSignedHead(db: Db, court: string) {
  return db
    .selectFrom('audit_head_signatures')
    .selectAll()
    .where('court', '=', court)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function saveSignedHead(
  db: Db,
  h: {
    court: string;
    position: number;
    headHash: string;
    signedAt: string;
    signature: string;
    keyId: string;
  },
) {
  await db
    .insertInto('audit_head_signatures')
    .values({
      court: h.court,
      position: h.position,
      head_hash: h.headHash,
      signed_at: h.signedAt,
      signature: h.signature,
      key_id: h.keyId,
    })
    .execute();
}

/**
 * Up to `limit` courts with unsealed entries whose seal lock this transaction
 * took, the court waiting longest first: under steady load every pass is full,
 * and courts taken in name order would leave those late in it unsealed for as
 * long as the load lasted. The waiting courts are listed first, in a
 * materialized CTE, because PostgreSQL would otherwise push the lock into the
 * grouping and lock every waiting court; read from the list in order, a lock is
 * tried only until `limit` courts are taken.
 */
export async function lockCourtsToSeal(
  trx: Transaction<IntakeDB>,
  limit: number,
): Promise<{ court: string }[]> {
  const { rows } = await sql<{ court: string }>`
    WITH waiting AS MATERIALIZED (
      SELECT court FROM audit_entries WHERE hash IS NULL GROUP BY court ORDER BY min(seq)
    )
    SELECT court FROM waiting
    WHERE pg_try_advisory_xact_lock(hashtext('audit-seal:' || court))
    LIMIT ${limit}`.execute(trx);
  return rows;
}
