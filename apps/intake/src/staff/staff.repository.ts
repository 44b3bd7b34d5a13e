import { sql, type Kysely, type Transaction } from 'kysely';
import type { IntakeDB } from '../db/schema.js';

type Db = Kysely<IntakeDB> | Transaction<IntakeDB>;

/** A directory row as stored. */
export interface StaffRow {
  court: string;
  id: string;
  name: string;
  division: string | null;
  roles: string[];
  active_from: Date | null;
  active_until: Date | null;
}

/** The court's whole directory, locked for a load (two loads at once apply one after the other). */
export async function lockCourtStaff(db: Db, court: string): Promise<StaffRow[]> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`staff:${court}`}))`.execute(db);
  return db
    .selectFrom('staff')
    .select(['court', 'id', 'name', 'division', 'roles', 'active_from', 'active_until'])
    .where('court', '=', court)
    .execute();
}

/** Writes one person as loaded (insert or replace). */
export async function upsertStaff(db: Db, row: StaffRow, now: Date): Promise<void> {
  await db
    .insertInto('staff')
    .values({ ...row, updated_at: now })
    .onConflict((oc) =>
      oc.columns(['court', 'id']).doUpdateSet({
        name: row.name,
        division: row.division,
        roles: row.roles,
        active_from: row.active_from,
        active_until: row.active_until,
        updated_at: now,
      }),
    )
    .execute();
}

/** Whether the court has loaded a directory at all (until then nobody is refused as unknown). */
export async function courtHasDirectory(db: Db, court: string): Promise<boolean> {
  const row = await db
    .selectFrom('staff')
    .select('id')
    .where('court', '=', court)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Of these ids, the people of the court's directory active at `at`, with their roles and division. */
export async function activeStaff(db: Db, court: string, ids: readonly string[], at: Date) {
  if (ids.length === 0) return new Map<string, { roles: string[]; division: string | null }>();
  const rows = await db
    .selectFrom('staff')
    .select(['id', 'roles', 'division'])
    .where('court', '=', court)
    .where('id', 'in', [...ids])
    .where((eb) => eb.or([eb('active_from', 'is', null), eb('active_from', '<=', at)]))
    .where((eb) => eb.or([eb('active_until', 'is', null), eb('active_until', '>', at)]))
    .execute();
  return new Map(rows.map((r) => [r.id, { roles: r.roles, division: r.division }]));
}

/** The court's directory for pickers, filtered; people who left only when asked. */
export async function findStaff(
  db: Db,
  court: string,
  f: { division?: string | undefined; role?: string | undefined; q?: string | undefined; all: boolean },
  now: Date,
) {
  let query = db
    .selectFrom('staff')
    .select(['court', 'id', 'name', 'division', 'roles', 'active_from', 'active_until'])
    .where('court', '=', court);
  if (f.division !== undefined) query = query.where('division', '=', f.division);
  if (f.role !== undefined) query = query.where(sql<boolean>`${f.role} = ANY(roles)`);
  if (f.q !== undefined) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb('name', 'like', like), eb('id', 'like', like)]));
  }
  if (!f.all)
    query = query.where((eb) => eb.or([eb('active_until', 'is', null), eb('active_until', '>', now)]));
  return query.orderBy('division').orderBy('id').limit(1000).execute();
}

/** Notes that someone used the service with a valid token of the court. */
export async function noteSighting(
  db: Db,
  s: { court: string; sub: string; name: string | null; division: string | null; roles: string[]; at: Date },
): Promise<void> {
  await db
    .insertInto('staff_sightings')
    .values({
      court: s.court,
      sub: s.sub,
      name: s.name,
      division: s.division,
      roles: s.roles,
      first_seen: s.at,
      last_seen: s.at,
    })
    .onConflict((oc) =>
      oc.columns(['court', 'sub']).doUpdateSet({
        name: s.name,
        division: s.division,
        roles: s.roles,
        last_seen: s.at,
      }),
    )
    .execute();
}

/** People seen with valid tokens of the court who are not in its directory. */
export async function unknownSightings(db: Db, court: string) {
  return db
    .selectFrom('staff_sightings as s')
    .selectAll('s')
    .where('s.court', '=', court)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('staff as t')
            .select('t.id')
            .whereRef('t.court', '=', 's.court')
            .whereRef('t.id', '=', 's.sub'),
        ),
      ),
    )
    .orderBy('s.last_seen', 'desc')
    .limit(1000)
    .execute();
}
