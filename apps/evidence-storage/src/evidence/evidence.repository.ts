// The evidence service's SQL (DESIGN.md: SQL in *.repository.ts), so evidence.service.ts says
// what happens and this says how it is stored.
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { EvidenceDB, EvidenceTables } from '../db/schema.js';
import { UPLOADED_FACTS } from '../integrity/integrity.repository.js';

type Db = Kysely<EvidenceDB> | Transaction<EvidenceDB>;

/** An evidence row as stored. */
export type EvidenceRow = Selectable<EvidenceTables['evidence']>;
/** What a new upload writes (the integrity job schedules it later). */
export type NewEvidence = Omit<EvidenceRow, 'next_check_at'>;
/** A custody action (R-EV-5). */
export type CustodyAction = EvidenceTables['custody_events']['action'];

/** The record an upload or a listing names, as this service last heard of it. */
export function findKnownRecord(db: Db, recordId: string) {
  return db.selectFrom('known_records').selectAll().where('record_id', '=', recordId).executeTakeFirst();
}

/** The evidence row with the facts of its record that rights and archiving depend on. */
export function findEvidenceWithRecord(db: Db, id: string) {
  return db
    .selectFrom('evidence as e')
    .innerJoin('known_records as r', 'r.record_id', 'e.record_id')
    .selectAll('e')
    .select(['r.handler', 'r.division', 'r.form', 'r.kind'])
    .where('e.id', '=', id)
    .executeTakeFirst();
}

/** A record's evidence, oldest first. */
export function listEvidenceOfRecord(db: Db, recordId: string) {
  return db.selectFrom('evidence').selectAll().where('record_id', '=', recordId).orderBy('id').execute();
}

/** The chain of custody of one piece of evidence, in order. */
export function custodyOf(db: Db, evidenceId: string) {
  return db
    .selectFrom('custody_events')
    .selectAll()
    .where('evidence_id', '=', evidenceId)
    .orderBy('id')
    .execute();
}

/** Writes the evidence row (after the store confirmed the object). */
export async function insertEvidence(trx: Transaction<EvidenceDB>, row: NewEvidence): Promise<void> {
  await trx.insertInto('evidence').values(row).execute();
}

/** Appends one entry to an evidence's chain of custody (the table refuses updates and deletes). */
export async function appendCustody(
  db: Db,
  e: { evidenceId: string; action: CustodyAction; actor: string; at: Date; detail: unknown },
): Promise<void> {
  await db
    .insertInto('custody_events')
    .values({
      evidence_id: e.evidenceId,
      action: e.action,
      actor: e.actor,
      at: e.at,
      detail: JSON.stringify(e.detail),
    })
    .execute();
}

/** Records where the evidence was archived (the only facts of a row that change after upload). */
export async function setArchive(
  trx: Transaction<EvidenceDB>,
  id: string,
  set: { archive_volume: 'main' | 'secondary' | null; archive_destination: string },
): Promise<void> {
  await trx.updateTable('evidence').set(set).where('id', '=', id).execute();
}

/** Courts that have any evidence. */
export async function courtsWithEvidence(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('evidence').select('court').distinct().execute();
  return rows.map((r) => r.court);
}

/** Object keys of a court's evidence, for reconciliation with the bucket. */
export function objectKeysOfCourt(db: Db, court: string) {
  return db.selectFrom('evidence').select(['id', 'object_key']).where('court', '=', court).execute();
}

/** A court's evidence (or the named pieces of it) with what the upload recorded, for an integrity check. */
export function evidenceToCheck(db: Db, court: string, ids?: string[]) {
  let q = db
    .selectFrom('evidence as e')
    .selectAll('e')
    .select(UPLOADED_FACTS.as('uploaded'))
    .where('e.court', '=', court);
  if (ids?.length) q = q.where('e.id', 'in', ids);
  return q.orderBy('e.id').execute();
}
