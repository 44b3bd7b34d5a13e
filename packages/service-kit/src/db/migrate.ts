import type { Kysely } from 'kysely';
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
