import { sql, type Kysely, type Transaction } from 'kysely';
import type { IntakeDB, InterfererJson } from '../db/schema.js';
import { RECORD_WORKFLOW_COLUMNS, type RecordWorkflowRow } from '../audit/content-hash.js';

type Db = Kysely<IntakeDB> | Transaction<IntakeDB>;

/**
 * Of these identities, the ones the court has records of. An identity is one
 * person across courts (R-BX-2), but a court sees and changes only the
 * identities its own records point to (R-AC-2): anything else would tell it
 * who interfered in another court's cases.
 */
export async function identitiesWithRecordsIn(
  db: Db,
  court: string,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  // A cadre others spoke for is seen through those records too (R-SC-2).
  const rows = await db
    .selectFrom('records')
    .select('identity_id as id')
    .where('court', '=', court)
    .where('identity_id', 'in', [...ids])
    .union((eb) =>
      eb
        .selectFrom('records')
        .select('originator_identity_id as id')
        .where('court', '=', court)
        .where('originator_identity_id', 'in', [...ids]),
    )
    .execute();
  return new Set(rows.map((r) => r.id).filter((i): i is string => i !== null));
}

/** The identity a normalised name key belongs to, if any. */
export async function identityOfKey(db: Db, key: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('identity_keys')
    .select('identity_id')
    .where('key', '=', key)
    .executeTakeFirst();
  return row?.identity_id;
}

/** The identities of several name keys in one query; a key no identity has is absent from the map. */
export async function identitiesOfKeys(db: Db, keys: readonly string[]): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('identity_keys')
    .select(['key', 'identity_id'])
    .where('key', '=', sql<string>`any(${sql.val([...keys])}::text[])`)
    .execute();
  return new Map(rows.map((r) => [r.key, r.identity_id]));
}

/** Registers an identity with its details as first seen. */
export async function insertIdentity(
  db: Db,
  v: { id: string; name: string; unit: string; position: string; now: Date },
): Promise<void> {
  await db
    .insertInto('interferer_identities')
    .values({
      id: v.id,
      name: v.name,
      unit: v.unit,
      position: v.position,
      merged_into: null,
      created_at: v.now,
    })
    .execute();
}

/** Claims a name key for an identity; false when another transaction claimed it first. */
export async function claimKey(db: Db, key: string, identityId: string): Promise<boolean> {
  const claimed = await db
    .insertInto('identity_keys')
    .values({ key, identity_id: identityId })
    .onConflict((oc) => oc.doNothing())
    .returning('identity_id')
    .executeTakeFirst();
  return claimed !== undefined;
}

/**
 * The court's identities with how many of its records name each, and the
 * details as the court's own latest record states them: the identity row keeps
 * the details as first seen, possibly in another court's record (R-AC-2).
 * `q` matches the name or unit in the court's own records only.
 */
export async function courtIdentities(db: Db, court: string, q: string | undefined, limit = 200) {
  const like = q === undefined ? null : `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const { rows } = await sql<{ identity_id: string; interferer: InterfererJson; n: string }>`
    SELECT * FROM (
      SELECT DISTINCT ON (identity_id) identity_id, interferer,
             count(*) OVER (PARTITION BY identity_id) AS n
        FROM records
       WHERE court = ${court} AND identity_id IS NOT NULL
         AND (${like}::text IS NULL OR identity_id IN (
               SELECT identity_id FROM records
                WHERE court = ${court}
                  AND (interferer->>'name' LIKE ${like} OR interferer->>'unit' LIKE ${like})))
       ORDER BY identity_id, id DESC
    ) AS own ORDER BY n DESC, identity_id LIMIT ${limit}`.execute(db);
  return rows.map((r) => ({ identityId: r.identity_id, records: Number(r.n), shown: r.interferer }));
}

/**
 * The court's records naming an identity, oldest first, with the details each states: as the
 * interferer, or as the person someone else spoke for (`originator`, R-SC-2).
 */
export async function courtRecordsNaming(
  db: Db,
  court: string,
  identityId: string,
  as: 'interferer' | 'originator',
) {
  return db
    .selectFrom('records')
    .select(['id', 'case_number', 'received_at', 'handler', 'division', 'state', 'interferer'])
    .where(as === 'interferer' ? 'identity_id' : 'originator_identity_id', '=', identityId)
    .where('court', '=', court)
    .orderBy('id')
    .execute();
}

/**
 * How many entered records each other court has of an identity, as the interferer or as the
 * person behind them (counts only: R-AC-2).
 */
export async function enteredRecordsElsewhere(db: Db, court: string, identityId: string) {
  const rows = await db
    .selectFrom('records')
    .select(['court', (eb) => eb.fn.countAll<string>().as('n')])
    .where((eb) => eb.or([eb('identity_id', '=', identityId), eb('originator_identity_id', '=', identityId)]))
    .where('court', '!=', court)
    .where('state', '=', 'entered')
    .groupBy('court')
    .orderBy('court')
    .execute();
  return rows.map((r) => ({ court: r.court, records: Number(r.n) }));
}

/** Whether any other court's record points at the identity. */
export async function hasRecordsElsewhere(db: Db, court: string, identityId: string): Promise<boolean> {
  const row = await db
    .selectFrom('records')
    .select('id')
    .where((eb) => eb.or([eb('identity_id', '=', identityId), eb('originator_identity_id', '=', identityId)]))
    .where('court', '!=', court)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Locks identities for a merge; merged ones show where they went. */
export async function lockIdentities(db: Db, ids: readonly string[]) {
  return db
    .selectFrom('interferer_identities')
    .select(['id', 'merged_into'])
    .where('id', 'in', [...ids])
    .forUpdate()
    .execute();
}

/**
 * Folds `from` into `into`: the identity, its name keys and the records pointing at it.
 * Returns the moved records' workflow columns as they now stand, for the audit entry.
 */
export async function foldIdentity(db: Db, from: string, into: string): Promise<RecordWorkflowRow[]> {
  await db.updateTable('interferer_identities').set({ merged_into: into }).where('id', '=', from).execute();
  await db.updateTable('identity_keys').set({ identity_id: into }).where('identity_id', '=', from).execute();
  const sent = await db
    .updateTable('records')
    .set({ identity_id: into })
    .where('identity_id', '=', from)
    .returning(RECORD_WORKFLOW_COLUMNS)
    .execute();
  const originated = await db
    .updateTable('records')
    .set({ originator_identity_id: into })
    .where('originator_identity_id', '=', from)
    .returning(RECORD_WORKFLOW_COLUMNS)
    .execute();
  // A record moved by both updates is as the second left it.
  return [...new Map([...sent, ...originated].map((r) => [r.id, r])).values()];
}

/** The merged-into pointer of an identity; undefined when there is no such identity. */
export async function identityTarget(db: Db, id: string) {
  return db.selectFrom('interferer_identities').select('merged_into').where('id', '=', id).executeTakeFirst();
}

/** A record of the court, locked, with its identity link and interferer. */
export async function lockRecordIdentity(db: Db, recordId: string) {
  return db
    .selectFrom('records')
    .select(['id', 'court', 'identity_id', 'interferer'])
    .where('id', '=', recordId)
    .forUpdate()
    .executeTakeFirst();
}

/** Points one record at an identity; returns its workflow columns as they now stand. */
export async function setRecordIdentity(
  db: Db,
  recordId: string,
  identityId: string,
): Promise<RecordWorkflowRow> {
  return db
    .updateTable('records')
    .set({ identity_id: identityId })
    .where('id', '=', recordId)
    .returning(RECORD_WORKFLOW_COLUMNS)
    .executeTakeFirstOrThrow();
}

/** Logs a merge or split with its reason. */
export async function insertIdentityChange(
  db: Db,
  v: {
    kind: 'merge' | 'split';
    identityId: string;
    otherId: string;
    recordId: string | null;
    reason: string;
    by: string;
    court: string;
    at: Date;
  },
): Promise<void> {
  await db
    .insertInto('identity_changes')
    .values({
      kind: v.kind,
      identity_id: v.identityId,
      other_id: v.otherId,
      record_id: v.recordId,
      reason: v.reason,
      changed_by: v.by,
      court: v.court,
      at: v.at,
    })
    .execute();
}
