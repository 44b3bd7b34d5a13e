import type { Kysely, Transaction } from 'kysely';
import type { DeadlineDB } from '../db/schema.js';

type Db = Kysely<DeadlineDB> | Transaction<DeadlineDB>;

/** A year trial management loaded. */
export interface LoadedYear {
  year: number;
  holidays: string[];
  makeUpWorkdays: string[];
  loadedBy: string;
  loadedAt: Date;
}

/** Every loaded year (a handful of rows: one per year). */
export async function loadedYears(db: Db): Promise<LoadedYear[]> {
  const rows = await db.selectFrom('calendar_years').selectAll().orderBy('year').execute();
  return rows.map((r) => ({
    year: r.year,
    holidays: r.holidays,
    makeUpWorkdays: r.make_up_workdays,
    loadedBy: r.loaded_by,
    loadedAt: r.loaded_at,
  }));
}

/** Stores a year, replacing what was loaded for it before. */
export async function saveYear(db: Db, y: LoadedYear): Promise<void> {
  const values = {
    year: y.year,
    holidays: JSON.stringify([...new Set(y.holidays)].sort()),
    make_up_workdays: JSON.stringify([...new Set(y.makeUpWorkdays)].sort()),
    loaded_by: y.loadedBy,
    loaded_at: y.loadedAt,
  };
  await db
    .insertInto('calendar_years')
    .values(values)
    .onConflict((oc) => oc.column('year').doUpdateSet(values))
    .execute();
}
