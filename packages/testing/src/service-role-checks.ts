import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { sql, type Migration } from 'kysely';
import { createDatabase, prepareServiceDatabase, type Database, type ServiceRole } from '@jir/service-kit';
import { createTestDatabase, type TestDatabase } from './databases.js';
import { statementFailure as failure } from './statement-failure.js';

/**
 * R-PV-2 for one service's database, as each service's test file runs it: the
 * role the service runs as (what startService connects with after migrating as
 * the owner) is not a superuser and cannot truncate, drop or alter any table,
 * and a trigger refuses TRUNCATE even to the owner. `setup`/`teardown` go to
 * beforeAll/afterAll; each check throws (node:assert) when the database allows
 * what it must not, so the test that runs it fails.
 */
export function serviceRoleChecks(opts: {
  migrations: Record<string, Migration>;
  /** Tables that must exist, so an empty or wrong schema cannot pass the checks vacuously. */
  mustInclude: readonly string[];
}) {
  let tdb: TestDatabase | undefined;
  let role: ServiceRole;
  let owner: Database<unknown> | undefined;
  let service: Database<unknown> | undefined;
  let tables: string[] = [];
  return {
    async setup() {
      tdb = await createTestDatabase({ migrations: opts.migrations });
      // What the service does at start (or `npm run migrate` does) as the database owner.
      ({ role } = await prepareServiceDatabase({ ownerUrl: tdb.url, migrations: opts.migrations }));
      owner = createDatabase(tdb.url, { max: 1 });
      service = createDatabase(role.url, { max: 1 });
      const { rows } = await sql<{ name: string }>`
        SELECT relname AS name FROM pg_class
        WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p') ORDER BY relname`.execute(
        owner.db,
      );
      tables = rows.map((r) => r.name);
    },
    async teardown() {
      await service?.close();
      await owner?.close();
      await tdb?.drop();
    },
    async connectsUnprivileged() {
      const { rows } = await sql<{ u: string; s: boolean }>`
        SELECT current_user AS u, rolsuper AS s FROM pg_roles WHERE rolname = current_user`.execute(
        service!.db,
      );
      deepStrictEqual(rows[0], { u: role.role, s: false });
      const missing = opts.mustInclude.filter((t) => !tables.includes(t));
      deepStrictEqual(missing, [], `tables missing: ${missing.join(', ')}`);
    },
    async cannotTruncateDropOrAlter() {
      ok(tables.length > 0);
      for (const t of tables) {
        strictEqual((await failure(service!.db, `TRUNCATE "${t}"`))?.code, '42501', `TRUNCATE ${t}`);
        strictEqual((await failure(service!.db, `DROP TABLE "${t}"`))?.code, '42501', `DROP ${t}`);
        strictEqual(
          (await failure(service!.db, `ALTER TABLE "${t}" DISABLE TRIGGER ALL`))?.code,
          '42501',
          `ALTER ${t}`,
        );
      }
    },
    async truncateRefusedEvenForOwner() {
      ok(tables.length > 0);
      for (const t of tables) {
        const refused = await failure(owner!.db, `TRUNCATE "${t}" CASCADE`);
        ok(refused && /TRUNCATE .* is refused/.test(refused.message), `TRUNCATE ${t}: ${refused?.message}`);
      }
    },
  };
}
