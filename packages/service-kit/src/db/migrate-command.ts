import type { Migration } from 'kysely';
import { createLogger } from '../logger.js';
import { prepareServiceDatabase } from './prepare-database.js';

/**
 * What a service's `npm run migrate` does, as the database owner
 * (DATABASE_URL): create the database if needed, apply every migration,
 * refuse TRUNCATE on every table, ensure the service's own role, report,
 * close. Services do the same on start unless MIGRATE_ON_START=false.
 */
export async function runMigrationsCommand(opts: {
  service: string;
  databaseUrl: string;
  /** The service's own connection (DATABASE_APP_URL), when not `<database>_app`. */
  appDatabaseUrl?: string | undefined;
  logLevel?: string;
  migrations: Record<string, Migration>;
}): Promise<string[]> {
  const logger = createLogger({ service: opts.service, level: opts.logLevel ?? 'info' });
  const { applied, role } = await prepareServiceDatabase({
    ownerUrl: opts.databaseUrl,
    appUrl: opts.appDatabaseUrl,
    migrations: opts.migrations,
    logger,
  });
  logger.info({ applied: applied.length, role: role.role }, 'migrations done');
  return applied;
}
