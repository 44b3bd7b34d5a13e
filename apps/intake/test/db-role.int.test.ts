import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@jir/testing';
import { createDatabase, prepareServiceDatabase, type Database, type ServiceRole } from '@jir/service-kit';
import { intakeMigrations } from '../src/db/migrations/index.js';

// R-PV-2: the role this service runs as (what runService connects with after
// migrating as the owner) cannot empty, drop or alter any of its tables, and
// TRUNCATE is refused by a trigger even for the owner.

const MUST_INCLUDE = ['records', 'record_versions', 'audit_entries', 'outbox', 'record_views'];
let tdb: TestDatabase;
let role: ServiceRole;
let owner: Database<unknown>;
let service: Database<unknown>;
let tables: string[];

async function failure(
  db: Kysely<any>,
  statement: string,
): Promise<{ code: string; message: string } | undefined> {
  try {
    await sql.raw(statement).execute(db);
    return undefined;
  } catch (e) {
    return { code: (e as { code: string }).code, message: (e as Error).message };
  }
}

beforeAll(async () => {
  tdb = await createTestDatabase({ migrations: intakeMigrations });
  // What the service does at start (or `npm run migrate` does) as the database owner.
  ({ role } = await prepareServiceDatabase({ ownerUrl: tdb.url, migrations: intakeMigrations }));
  owner = createDatabase(tdb.url, { max: 1 });
  service = createDatabase(role.url, { max: 1 });
  const { rows } = await sql<{ name: string }>`
    SELECT relname AS name FROM pg_class
    WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p') ORDER BY relname`.execute(owner.db);
  tables = rows.map((r) => r.name);
});
afterAll(async () => {
  await service.close();
  await owner.close();
  await tdb.drop();
});

describe('R-PV-2: the service database role cannot destroy what is kept', () => {
  it('R-PV-2: the service connects as its own unprivileged role', async () => {
    const { rows } = await sql<{ u: string; s: boolean }>`
      SELECT current_user AS u, rolsuper AS s FROM pg_roles WHERE rolname = current_user`.execute(service.db);
    expect(rows[0]).toEqual({ u: role.role, s: false });
    expect(tables).toEqual(expect.arrayContaining(MUST_INCLUDE));
  });

  it('R-PV-2: as the service role, no table can be truncated, dropped or altered', async () => {
    for (const t of tables) {
      expect((await failure(service.db, `TRUNCATE "${t}"`))?.code, `TRUNCATE ${t}`).toBe('42501');
      expect((await failure(service.db, `DROP TABLE "${t}"`))?.code, `DROP ${t}`).toBe('42501');
      expect((await failure(service.db, `ALTER TABLE "${t}" DISABLE TRIGGER ALL`))?.code, `ALTER ${t}`).toBe(
        '42501',
      );
    }
  });

  it('R-PV-2: TRUNCATE is refused on every table even for the owner', async () => {
    for (const t of tables)
      expect((await failure(owner.db, `TRUNCATE "${t}" CASCADE`))?.message, t).toMatch(
        /TRUNCATE .* is refused/,
      );
  });
});
