import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { z } from 'zod';
import type { recordListQuerySchema } from '@jir/contracts';
import type { IntakeDB, IntakeTables } from '../db/schema.js';
import type { RecordRow } from './record-view.js';

/** A connection or a transaction: reads run on either. */
type Db = Kysely<IntakeDB>;
type ListQuery = z.output<typeof recordListQuerySchema>;
export type RecordExtras = { evidenceCount: number; confirmed: string[] };
export type VersionInsert = Insertable<IntakeTables['record_versions']>;

/** Evidence count and confirmations of the row a query is on, as columns: no query per row. */
const extrasColumns = sql<RecordExtras>`json_build_object(
  'evidenceCount', (SELECT count(*) FROM record_evidence e WHERE e.record_id = records.id),
  'confirmed', coalesce((SELECT json_agg(c.staff_id ORDER BY c.confirmed_at) FROM record_confirmations c
    WHERE c.record_id = records.id), '[]'::json))`;

/** The record, or undefined. */
export function findRecord(db: Db, id: string): Promise<RecordRow | undefined> {
  return db.selectFrom('records').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The record locked for a change (the caller's transaction), or undefined. */
export function lockRecord(trx: Db, id: string): Promise<RecordRow | undefined> {
  return trx.selectFrom('records').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Who may see the record: its court, handler and division. */
export function findRecordOwner(db: Db, id: string) {
  return db
    .selectFrom('records')
    .select(['court', 'handler', 'division'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Evidence count and confirmations (oldest first) of one record. */
export async function recordExtras(db: Db, id: string): Promise<RecordExtras> {
  const r = await db
    .selectFrom('records')
    .select(extrasColumns.as('extras'))
    .where('id', '=', id)
    .executeTakeFirst();
  return r?.extras ?? { evidenceCount: 0, confirmed: [] };
}

/** What one new record writes: the record, its first version, its event and its audit entry. */
export interface NewRecordRows {
  row: RecordRow;
  version: VersionInsert;
  outbox: Insertable<IntakeDB['outbox']>;
  audit: Insertable<IntakeDB['audit_entries']>;
}

/**
 * New records, each with its first version, its event and its audit entry, in
 * one statement (data-modifying CTEs, one row per record in each table): a
 * batch of concurrent creates costs one round trip, and all or none is written.
 */
export async function insertNewRecords(db: Db, items: readonly NewRecordRows[]): Promise<void> {
  if (items.length === 0) return;
  await db
    .with('r', (q) =>
      q
        .insertInto('records')
        .values(
          items.map(({ row }) => ({
            ...row,
            interferer: JSON.stringify(row.interferer),
            persons_present: JSON.stringify(row.persons_present),
            relayed_by: row.relayed_by ? JSON.stringify(row.relayed_by) : null,
          })),
        )
        .returning('id'),
    )
    .with('v', (q) =>
      q
        .insertInto('record_versions')
        .values(items.map((i) => i.version))
        .returning('record_id'),
    )
    .with('o', (q) =>
      q
        .insertInto('outbox')
        .values(items.map((i) => i.outbox))
        .returning('id'),
    )
    .insertInto('audit_entries')
    .values(items.map((i) => i.audit))
    .execute();
}

/** Materials a new record names, with whether a record already names them (R-DL-1). */
export function deliveredMaterial(db: Db, id: string) {
  return db
    .selectFrom('materials as m')
    .leftJoin('records as r', 'r.material_id', 'm.id')
    .select(['m.court', 'm.holder', 'm.delivered_at', 'r.id as recorded_by'])
    .where('m.id', '=', id)
    .executeTakeFirst();
}

/** Whether `sub` handles a record of this case in the court (R-TR-1: they may not receive its materials). */
export async function handlesCase(db: Db, court: string, caseNumber: string, sub: string): Promise<boolean> {
  const row = await db
    .selectFrom('records')
    .select('id')
    .where('court', '=', court)
    .where('case_number', '=', caseNumber)
    .where('handler', '=', sub)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** A refused submission, kept for trial management and the auditors (R-SC-5, R-TR-1). */
export async function insertRefusedAttempt(
  trx: Db,
  row: Insertable<IntakeDB['refused_attempts']>,
): Promise<void> {
  await trx.insertInto('refused_attempts').values(row).execute();
}

/** Changes a record's columns and returns it as stored. */
export function updateRecord(
  trx: Db,
  id: string,
  set: Updateable<IntakeTables['records']>,
): Promise<RecordRow> {
  return trx.updateTable('records').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** Adds a version and returns it as stored. */
export function insertVersion(trx: Db, version: VersionInsert) {
  return trx.insertInto('record_versions').values(version).returningAll().executeTakeFirstOrThrow();
}

/** Every version of a record, oldest first. */
export function listVersions(db: Db, id: string) {
  return db
    .selectFrom('record_versions')
    .selectAll()
    .where('record_id', '=', id)
    .orderBy('revision')
    .execute();
}

/** Whether this staff member already confirmed the record. */
export async function hasConfirmed(trx: Db, id: string, staffId: string): Promise<boolean> {
  const r = await trx
    .selectFrom('record_confirmations')
    .select('staff_id')
    .where('record_id', '=', id)
    .where('staff_id', '=', staffId)
    .executeTakeFirst();
  return r !== undefined;
}

/** Records a staff member's confirmation. */
export async function insertConfirmation(trx: Db, id: string, staffId: string, at: Date): Promise<void> {
  await trx
    .insertInto('record_confirmations')
    .values({ record_id: id, staff_id: staffId, confirmed_at: at })
    .execute();
}

/** Who read which records, when and from where (R-AC-3). */
export type ViewEntry = { viewer: string; court: string; roles: string[]; at: Date; address: string };

/** Logs reads of records. */
export async function insertViews(db: Db, ids: string[], v: ViewEntry): Promise<void> {
  if (ids.length === 0) return;
  await db
    .insertInto('record_views')
    .values(
      ids.map((record_id) => ({
        record_id,
        viewer: v.viewer,
        viewer_court: v.court,
        viewer_roles: v.roles,
        viewed_at: v.at,
        address: v.address,
      })),
    )
    .execute();
}

/** The view log of a record, oldest first. */
export function listViews(db: Db, id: string) {
  return db.selectFrom('record_views').selectAll().where('record_id', '=', id).orderBy('id').execute();
}

/** Where the listing may look: one court, and within it some handlers or divisions. */
export type ListingScope = {
  court: string;
  handlers?: string[] | undefined;
  divisions?: string[] | undefined;
};

/**
 * One page of records matching every classification filter, newest first,
 * each with its extras, and the page's reads logged: one statement whatever
 * the page size. Returns up to `limit + 1` rows so the caller knows if more follow.
 */
export async function listRecordPage(
  db: Db,
  scope: ListingScope,
  q: ListQuery,
  limit: number,
  view: ViewEntry,
): Promise<Array<RecordRow & { extras: RecordExtras }>> {
  let query = db
    .selectFrom('records')
    .selectAll()
    .select(extrasColumns.as('extras'))
    .where('court', '=', scope.court);
  if (scope.handlers || scope.divisions) {
    const handlers = scope.handlers ?? [];
    const divisions = scope.divisions ?? [];
    query = query.where((eb) =>
      eb.or([
        ...(handlers.length ? [eb('handler', 'in', handlers)] : []),
        ...(divisions.length ? [eb('division', 'in', divisions)] : []),
      ]),
    );
  }
  if (q.interfererKind) query = query.where('interferer_kind', '=', q.interfererKind);
  if (q.unitType) query = query.where('unit_type', '=', q.unitType);
  if (q.form) query = query.where('form', '=', q.form);
  if (q.stage) query = query.where('stage', '=', q.stage);
  if (q.state) query = query.where('state', '=', q.state);
  if (q.division) query = query.where('division', '=', q.division);
  if (q.handler) query = query.where('handler', '=', q.handler);
  if (q.caseNumber) query = query.where('case_number', '=', q.caseNumber);
  if (q.severe !== undefined) query = query.where('severe', '=', q.severe);
  if (q.specialItem) query = query.where(sql<boolean>`special_items @> ARRAY[${q.specialItem}]::text[]`);
  if (q.receivedFrom) query = query.where('received_at', '>=', new Date(q.receivedFrom));
  if (q.receivedTo) query = query.where('received_at', '<', new Date(q.receivedTo));
  if (q.cursor) query = query.where('id', '<', q.cursor);
  const page = query.orderBy('id', 'desc').limit(limit + 1);
  // The read is logged for the rows shown (not the look-ahead row), in the same statement.
  const result = await db
    .with('page', () => page)
    .with('logged', (qc) =>
      qc
        .insertInto('record_views')
        .columns(['record_id', 'viewer', 'viewer_court', 'viewer_roles', 'viewed_at', 'address'])
        .expression((eb) =>
          eb
            .selectFrom('page')
            .select([
              'page.id',
              sql<string>`${view.viewer}::text`.as('viewer'),
              sql<string>`${view.court}::text`.as('viewer_court'),
              sql<string[]>`${view.roles}::text[]`.as('viewer_roles'),
              sql<Date>`${view.at}::timestamptz`.as('viewed_at'),
              sql<string>`${view.address}::text`.as('address'),
            ])
            .orderBy('page.id', 'desc')
            .limit(limit),
        )
        .returning('record_id'),
    )
    .selectFrom('page')
    .selectAll()
    .orderBy('id', 'desc')
    .execute();
  return result as Array<RecordRow & { extras: RecordExtras }>;
}
