import type { Migration } from 'kysely';
import type { Logger } from '../logger.js';
import { createDatabase, ensureDatabase } from './database.js';
import { migrateToLatest } from './migrate.js';
import { ensureServiceRole, installTruncateGuards, serviceRole, type ServiceRole } from './service-role.js';

/**
 * Everything done as the database owner, at a service's start or by
 * `npm run migrate`: create the database if needed, apply the migrations,
 * refuse TRUNCATE on every table, and ensure the service's own role with
 * row rights only. Returns the migrations applied and the role to run as.
 */
export async function prepareServiceDatabase(opts: {
  /** The owner's connection (DATABASE_URL). */
  ownerUrl: string;
  /** The service's connection (DATABASE_APP_URL), if not the derived `<database>_app`. */
  appUrl?: string | undefined;
  migrations: Record<string, Migration>;
  logger?: Logger;
}): Promise<{ applied: string[]; role: ServiceRole }> {
  const role = serviceRole(opts.ownerUrl, opts.appUrl);
  await ensureDatabase(opts.ownerUrl);
  const owner = createDatabase(opts.ownerUrl, { max: 1 });
  try {
    const applied = await migrateToLatest(owner.db, opts.migrations, opts.logger);
    const guarded = await installTruncateGuards(owner.db);
    if (guarded.length) opts.logger?.info({ tables: guarded }, 'TRUNCATE refused on new tables');
    await ensureServiceRole(owner.db, role);
    opts.logger?.info({ role: role.role }, 'service database role ready');
    return { applied, role };
  } finally {
    await owner.close();
  }
}
