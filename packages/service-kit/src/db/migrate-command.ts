import type { Migration } from 'kysely';
import { createLogger } from '../logger.js';
import { prepareServiceDatabase } from './prepare-database.js';

/** What the migrations command reads of a service's configuration (the kit's vocabulary). */
export interface MigrationsCommandConfig {
  SERVICE_NAME: string;
  /** The owner's connection: creates the database, migrates, sets up the service role. */
  DATABASE_URL: string;
  /** The service's own connection, when not `<database>_app`: the role set up is its user. */
  DATABASE_APP_URL?: string | undefined;
  LOG_LEVEL?: string;
}

/**
 * What a service's `npm run migrate` does, as the database owner
 * (DATABASE_URL): create the database if needed, apply every migration,
 * refuse TRUNCATE on every table, ensure the service's own role (the one
 * start will connect as, DATABASE_APP_URL's when set), report, close.
 * Services do the same on start unless MIGRATE_ON_START=false.
 */
export async function runMigrationsCommand(
  config: MigrationsCommandConfig,
  migrations: Record<string, Migration>,
): Promise<string[]> {
  const logger = createLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL ?? 'info' });
  const { applied, role } = await prepareServiceDatabase({
    ownerUrl: config.DATABASE_URL,
    appUrl: config.DATABASE_APP_URL,
    migrations,
    logger,
  });
  logger.info({ applied: applied.length, role: role.role }, 'migrations done');
  return applied;
}
