import { sql, type Kysely } from 'kysely';
import { Migrator, type Migration } from 'kysely';
import type { Logger } from '../logger.js';
import { kitMigrations } from './kit-migrations.js';

/**
 * The kit's migrations have a table of their own, so a service's migration
 * names never have to sort after the kit's (kysely refuses a migration that
 * sorts before the newest one applied in the same table).
 */
export const KIT_MIGRATION_TABLE = 'kit_migration';
/** The lock table of the kit's migrator. */
export const KIT_MIGRATION_LOCK_TABLE = 'kit_migration_lock';
/** The service's migrations: kysely's default table, as before. */
export const SERVICE_MIGRATION_TABLE = 'kysely_migration';

/** Serialises the move of the kit's rows when several instances start at once. */
const ADOPT_LOCK = 'jir-kit-migration-table';

/**
 * Databases migrated before the kit had its own table list the kit's
 * migrations in `kysely_migration`; kysely refuses a table listing migrations
 * it is not given, so those rows move to `kit_migration` (once; idempotent).
 */
async function moveKitRowsToTheirTable(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migrator's tables, any schema
  db: Kysely<any>,
): Promise<string[]> {
  const names = Object.keys(kitMigrations);
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${ADOPT_LOCK}))`.execute(trx);
    const old = await sql<{
      t: string | null;
    }>`SELECT to_regclass(${SERVICE_MIGRATION_TABLE})::text AS t`.execute(trx);
    if (!old.rows[0]?.t) return [];
    // The same columns as kysely's own table, so its migrator takes it as its own.
    await sql`CREATE TABLE IF NOT EXISTS ${sql.id(KIT_MIGRATION_TABLE)} (
        name varchar(255) NOT NULL PRIMARY KEY, timestamp varchar(255) NOT NULL)`.execute(trx);
    const moved = await sql<{ name: string }>`
      WITH gone AS (
        DELETE FROM ${sql.id(SERVICE_MIGRATION_TABLE)} WHERE name = ANY(${names}::text[]) RETURNING name, timestamp
      )
      INSERT INTO ${sql.id(KIT_MIGRATION_TABLE)} (name, timestamp) SELECT name, timestamp FROM gone
      ON CONFLICT (name) DO NOTHING RETURNING name`.execute(trx);
    return moved.rows.map((r) => r.name);
  });
}

async function migrate(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- kysely's Migrator takes any schema
  db: Kysely<any>,
  migrations: Record<string, Migration>,
  tables: { migrationTableName: string; migrationLockTableName: string } | undefined,
  logger?: Logger,
): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, ...tables });
  const { error, results } = await migrator.migrateToLatest();
  const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  for (const name of applied) logger?.info({ migration: name }, 'migration applied');
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(
      `migration ${failed ?? '(unknown)'} failed: ${(error as Error).message ?? String(error)}`,
      { cause: error },
    );
  }
  return applied;
}

/**
 * Brings the database to the latest migration: the kit's tables (recorded in
 * `kit_migration`), then the service's (in `kysely_migration`). Kysely's
 * migrator takes a lock, so several instances starting at once are safe.
 */
export async function migrateToLatest(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- kysely's Migrator takes any schema
  db: Kysely<any>,
  migrations: Record<string, Migration>,
  logger?: Logger,
): Promise<string[]> {
  const clash = Object.keys(migrations).filter((n) => n in kitMigrations);
  if (clash.length > 0) throw new Error(`service migrations reuse the kit's names: ${clash.join(', ')}`);
  const moved = await moveKitRowsToTheirTable(db);
  if (moved.length > 0) logger?.info({ migrations: moved }, `kit migrations moved to ${KIT_MIGRATION_TABLE}`);
  const kit = await migrate(
    db,
    kitMigrations,
    { migrationTableName: KIT_MIGRATION_TABLE, migrationLockTableName: KIT_MIGRATION_LOCK_TABLE },
    logger,
  );
  return [...kit, ...(await migrate(db, migrations, undefined, logger))];
}

/**
 * For a service that does not migrate at start (MIGRATE_ON_START=false):
 * throws, naming them, if migrations it knows have not been applied yet, so
 * it never runs against an older schema. A database last migrated before the
 * kit had its own table (kit rows still in `kysely_migration`) is accepted.
 */
export async function assertMigrated(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema
  db: Kysely<any>,
  migrations: Record<string, Migration>,
): Promise<void> {
  const done = new Set<string>();
  for (const table of [SERVICE_MIGRATION_TABLE, KIT_MIGRATION_TABLE]) {
    const exists = await sql<{ t: string | null }>`SELECT to_regclass(${table})::text AS t`.execute(db);
    if (!exists.rows[0]?.t) continue;
    const { rows } = await sql<{ name: string }>`SELECT name FROM ${sql.id(table)}`.execute(db);
    for (const r of rows) done.add(r.name);
  }
  const missing = Object.keys({ ...kitMigrations, ...migrations }).filter((n) => !done.has(n));
  if (missing.length > 0)
    throw new Error(
      `数据库尚未迁移 / database is not migrated (run npm run migrate as its owner): missing ${missing.join(', ')}`,
    );
}
