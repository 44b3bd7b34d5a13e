import { sql, type Insertable, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { IntakeDB, MaterialRoute } from '../db/schema.js';

export type MaterialRow = Selectable<IntakeDB['materials']>;
export type MaterialHopRow = Selectable<IntakeDB['material_hops']>;

export async function findMaterial(db: Kysely<IntakeDB>, id: string): Promise<MaterialRow | undefined> {
  return db.selectFrom('materials').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every hop of each material asked for, in hop order: one query for a whole page. */
export async function hopsOf(
  db: Kysely<IntakeDB>,
  ids: readonly string[],
): Promise<Map<string, MaterialHopRow[]>> {
  const byMaterial = new Map<string, MaterialHopRow[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return byMaterial;
  const rows = await db
    .selectFrom('material_hops')
    .selectAll()
    .where('material_id', 'in', ids)
    .orderBy('material_id')
    .orderBy('hop_no')
    .execute();
  for (const row of rows) byMaterial.get(row.material_id)?.push(row);
  return byMaterial;
}

export interface MaterialListFilter {
  court: string;
  sub: string;
  /** The caller reads every material of the court (a court-wide viewing right). */
  courtWide: boolean;
  /** Only what the current stage waits for the caller to do. */
  waitingForMe: boolean;
  /** The caller registers materials (trial management): unregistered ones wait for them. */
  registers: boolean;
  /** The filing form's field naming the recipient of each hop, in the order of the hops. */
  recipientFields: readonly (keyof MaterialRoute)[];
  /** The id of the last material of the previous page. */
  after?: string | undefined;
  limit: number;
}

/**
 * Materials of one court in creation order (UUIDv7 ids). Waiting for the caller: not yet
 * delivered, and either unregistered with the caller holding them or registering them, or
 * registered with the caller holding them or named as the next hop's recipient.
 * Otherwise: every material for a court-wide reader, else those the caller received, holds
 * or is named in (as the single-material read allows).
 */
export async function listMaterials(db: Kysely<IntakeDB>, f: MaterialListFilter): Promise<MaterialRow[]> {
  const named = (sub: string) =>
    sql<boolean>`(${sql.join(
      f.recipientFields.map((field) => sql`route @> ${JSON.stringify({ [field]: sub })}::jsonb`),
      sql` OR `,
    )})`;
  // The hop about to happen is hops_done + 1 (SQL arrays count from 1).
  const nextRecipient = sql<string>`route ->> (${sql.val([...f.recipientFields])}::text[])[hops_done + 1]`;
  let q = db.selectFrom('materials').selectAll().where('court', '=', f.court);
  if (f.waitingForMe) {
    q = q
      .where('delivered_at', 'is', null)
      .where((eb) =>
        eb.or([
          eb.and([
            eb('filing_number', 'is', null),
            f.registers ? sql<boolean>`true` : eb('holder', '=', f.sub),
          ]),
          eb.and([
            eb('filing_number', 'is not', null),
            eb.or([eb('holder', '=', f.sub), eb(nextRecipient, '=', f.sub)]),
          ]),
        ]),
      );
  } else if (!f.courtWide) {
    q = q.where((eb) =>
      eb.or([eb('received_by', '=', f.sub), eb('holder', '=', f.sub), eb(named(f.sub), '=', true)]),
    );
  }
  if (f.after) q = q.where('id', '>', f.after);
  return q.orderBy('id').limit(f.limit).execute();
}

type Db = Kysely<IntakeDB> | Transaction<IntakeDB>;

/** The material, locked for the rest of the transaction (one change of its stage at a time). */
export async function lockMaterial(trx: Transaction<IntakeDB>, id: string): Promise<MaterialRow | undefined> {
  return trx.selectFrom('materials').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function insertMaterial(trx: Db, row: Insertable<IntakeDB['materials']>): Promise<void> {
  await trx.insertInto('materials').values(row).execute();
}

/** Trial management's filing form: the materials are registered and trial management holds them (R-TR-2). */
export async function registerMaterial(
  trx: Db,
  id: string,
  f: { filingNumber: string; registeredBy: string; at: Date; route: MaterialRoute },
): Promise<void> {
  await trx
    .updateTable('materials')
    .set({
      filing_number: f.filingNumber,
      registered_by: f.registeredBy,
      registered_at: f.at,
      route: JSON.stringify(f.route),
      holder: f.registeredBy,
    })
    .where('id', '=', id)
    .execute();
}

/** One hop of the chain: kept as a row of its own, and the material's holder moves on (R-TR-3). */
export async function addHop(
  trx: Db,
  hop: Insertable<IntakeDB['material_hops']>,
  delivered: boolean,
): Promise<void> {
  await trx.insertInto('material_hops').values(hop).execute();
  await trx
    .updateTable('materials')
    .set({ hops_done: hop.hop_no, holder: hop.to_sub, ...(delivered ? { delivered_at: hop.at } : {}) })
    .where('id', '=', hop.material_id)
    .execute();
}

/** The court's refused attempts to receive or pass on materials, oldest first (R-TR-1). */
export async function listRefusedAttempts(db: Kysely<IntakeDB>, court: string) {
  return db.selectFrom('refused_attempts').selectAll().where('court', '=', court).orderBy('id').execute();
}
