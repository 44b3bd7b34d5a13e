import { sql, type Kysely } from 'kysely';
import { Migrator, type Migration } from 'kysely';
import type { Logger } from '../logger.js';
import { kitMigrations } from './kit-migrations.js';

/**
 * Brings the database to the latest migration: the kit's tables, then the
 * service's. Kysely's migrator takes a lock, so several instances starting at
 * once are safe.
 */
export async function migrateToLatest(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- kysely's Migrator takes any schema
  db: Kysely<any>,
  migrations: Record<string, Migration>,
  logger?: Logger,
): Promise<string[]> {
  const all = { ...kitMigrations, ...migrations };
  const migrator = new Migrator({ db, provider: { getMigrations: async () => all } });
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
 * For a service that does not migrate at start (MIGRATE_ON_START=false):
 * throws, naming them, if migrations it knows have not been applied yet, so
 * it never runs against an older schema.
 */
export async function assertMigrated(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema
  db: Kysely<any>,
  migrations: Record<string, Migration>,
): Promise<void> {
  const { rows } = await sql<{ name: string }>`SELECT name FROM kysely_migration`.execute(db);
  const done = new Set(rows.map((r) => r.name));
  const missing = Object.keys({ ...kitMigrations, ...migrations }).filter((n) => !done.has(n));
  if (missing.length > 0)
    throw new Error(
      `database is not migrated (run npm run migrate as its owner): missing ${missing.join(', ')}`,
    );
}
