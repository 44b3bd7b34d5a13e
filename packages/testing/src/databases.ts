import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Migration } from 'kysely';
import { createDatabase, migrateToLatest } from '@jir/service-kit';
import { resolvePostgres } from './infra.js';
import { uniqueName } from './names.js';

export interface TestDatabase {
  url: string;
  name: string;
  /** Drops the database (test data only; records are never deleted in the product). */
  drop(): Promise<void>;
}

/** Drops a role left by a test, ignoring a concurrent drop of the same role. */
export async function dropRoleIfExists(client: pg.Client, role: string): Promise<void> {
  try {
    await client.query(`DROP ROLE IF EXISTS "${role.replace(/"/g, '""')}"`);
  } catch (e) {
    // 2BP01: still has privileges elsewhere (another database that uses it); left for that one.
    if ((e as { code?: string }).code !== '2BP01') throw e;
  }
}

/**
 * Drops a test's database on the server `adminUrl` names (already gone is fine) and the service
 * role the kit creates for it (`<database>_app`), which would otherwise outlive it.
 */
export async function dropTestDatabase(adminUrl: string, name: string): Promise<void> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await dropRoleIfExists(c, `${name}_app`);
  } finally {
    await c.end();
  }
}

function withDb(adminUrl: string, name: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * A fresh database for one test file, cloned from a template that has every
 * migration applied. The template is built once per set of migrations (keyed
 * by their names and code), under an advisory lock so parallel workers agree.
 */
export async function createTestDatabase(opts: {
  migrations: Record<string, Migration>;
  prefix?: string;
}): Promise<TestDatabase> {
  const admin = await resolvePostgres();
  // The migration-table layout is part of the key: templates made before the kit had its own table are not reused.
  const fingerprint = createHash('sha256').update('kit_migration');
  for (const [name, m] of Object.entries(opts.migrations).sort(([a], [b]) => a.localeCompare(b))) {
    fingerprint.update(name).update(m.up.toString());
  }
  // The kit's own migrations are applied too; their code is part of the package version.
  const template = `jir_tpl_${fingerprint.digest('hex').slice(0, 16)}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [template]);
    const { rows } = await client.query<{ datistemplate: boolean }>(
      'SELECT datistemplate FROM pg_database WHERE datname = $1',
      [template],
    );
    if (!rows[0]?.datistemplate) {
      // Absent, or left half-built by a crashed run.
      if (rows[0]) await client.query(`DROP DATABASE "${template}" WITH (FORCE)`);
      await client.query(`CREATE DATABASE "${template}"`);
      const d = createDatabase(withDb(admin, template), { max: 1 });
      try {
        await migrateToLatest(d.db, opts.migrations);
      } finally {
        await d.close();
      }
      await client.query(`ALTER DATABASE "${template}" WITH IS_TEMPLATE true`);
    }
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', [template]);
    const name = uniqueName(opts.prefix ?? 'jir_t').replace(/-/g, '_');
    await client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
    return {
      name,
      url: withDb(admin, name),
      drop: () => dropTestDatabase(admin, name),
    };
  } finally {
    await client.end();
  }
}
