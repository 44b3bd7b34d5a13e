import type { Migration } from 'kysely';
import { createLogger } from '../logger.js';
import { createDatabase, ensureDatabase } from './database.js';
import { migrateToLatest } from './migrate.js';

/**
 * What a service's `npm run migrate` does: create the database if needed,
 * apply every migration, report, close. Services also migrate on start.
 */
export async function runMigrationsCommand(opts: {
  service: string;
  databaseUrl: string;
  logLevel?: string;
  migrations: Record<string, Migration>;
}): Promise<string[]> {
  const logger = createLogger({ service: opts.service, level: opts.logLevel ?? 'info' });
  await ensureDatabase(opts.databaseUrl);
  const d = createDatabase(opts.databaseUrl, { max: 1 });
  try {
    const applied = await migrateToLatest(d.db, opts.migrations, logger);
    logger.info({ applied: applied.length }, 'migrations done');
    return applied;
  } finally {
    await d.close();
  }
}
