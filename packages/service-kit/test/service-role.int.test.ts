import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely, type Migration } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  dropTestDatabase,
  freePort,
  resolveNats,
  resolvePostgres,
  statementFailure as failure,
  uniqueName,
  waitFor,
  type TestDatabase,
} from '@jir/testing';
import {
  assertUnprivileged,
  createDatabase,
  ensureServiceRole,
  prepareServiceDatabase,
  type Database,
  type ServiceRole,
} from '../src/index.js';
import { producerMigrations, type ProducerDB } from './example/example-service.js';
import { testKeys } from './harness.js';

// R-PV-2 / R-EV-3: what is stored is kept. The service's own connection can
// read and write rows and nothing more; TRUNCATE is refused on every table,
// even for a role that could otherwise do it.

const KIT_TABLES = ['outbox', 'inbox', 'parked_messages', 'idempotency_keys'];
let tdb: TestDatabase;
let role: ServiceRole;
let owner: Database<ProducerDB>;
let app: Database<ProducerDB>;

beforeAll(async () => {
  tdb = await createTestDatabase({ migrations: producerMigrations });
  ({ role } = await prepareServiceDatabase({ ownerUrl: tdb.url, migrations: producerMigrations }));
  owner = createDatabase<ProducerDB>(tdb.url, { max: 2 });
  app = createDatabase<ProducerDB>(role.url, { max: 2 });
});
afterAll(async () => {
  await app.close();
  await owner.close();
  await tdb.drop();
});

describe('the service database role (R-PV-2, R-EV-3)', () => {
  it('is a role of its own, named for the database, connected without a password under trust', async () => {
    expect(role.role).toBe(`${tdb.name}_app`);
    const me = await sql<{ u: string }>`SELECT current_user AS u`.execute(app.db);
    expect(me.rows[0]!.u).toBe(role.role);
    await assertUnprivileged(app.db);
    // The owner here is the superuser: exactly what a service must not be.
    await expect(assertUnprivileged(owner.db)).rejects.toThrow(/superuser/);
  });

  it('R-PV-2: as the service role, TRUNCATE fails on every table, the kit’s included', async () => {
    for (const t of ['notes', ...KIT_TABLES, 'kysely_migration']) {
      const f = await failure(app.db, `TRUNCATE ${t}`);
      expect(f, t).toBeDefined();
      expect(f!.code, t).toBe('42501');
    }
  });

  it('R-PV-2: as the service role, DROP TABLE, ALTER TABLE, disabling triggers and CREATE TABLE fail', async () => {
    for (const statement of [
      'DROP TABLE notes',
      'DROP TABLE outbox',
      'ALTER TABLE notes ADD COLUMN x int',
      'ALTER TABLE notes DISABLE TRIGGER kit_no_truncate',
      'ALTER TABLE outbox DISABLE TRIGGER ALL',
      'DROP TRIGGER kit_no_truncate ON notes',
      'DROP FUNCTION kit_refuse_truncate() CASCADE',
      'CREATE TABLE mine (x int)',
      "DELETE FROM kysely_migration WHERE name LIKE '%'",
      'SET session_replication_role = replica',
    ]) {
      const f = await failure(app.db, statement);
      expect(f, statement).toBeDefined();
      expect(f!.code, statement).toBe('42501');
    }
    expect(await owner.db.selectFrom('notes').select('id').limit(1).execute()).toBeDefined();
  });

  it('as the service role, ordinary rows are written and read, sequences included', async () => {
    const id = crypto.randomUUID();
    await app.db
      .insertInto('notes')
      .values({
        id,
        court: 'JL-CC-NG',
        handler: 'judge-a',
        case_number: 'role-1',
        content: '来电',
        seq_in_case: 1,
      })
      .execute();
    await app.db
      .insertInto('outbox')
      .values({ id: crypto.randomUUID(), subject: 's', aggregate_id: 'role-1', payload: '{}' })
      .execute();
    await app.db.updateTable('outbox').set({ attempts: 1 }).where('aggregate_id', '=', 'role-1').execute();
    const row = await app.db.selectFrom('notes').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.content).toBe('来电');
  });

  it('R-PV-2 / R-EV-3: TRUNCATE is refused by a trigger on every table even for the owner (a superuser here)', async () => {
    const { rows } = await sql<{ name: string }>`
      SELECT relname AS name FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r','p')`.execute(
      owner.db,
    );
    // A row of its own to survive the refused TRUNCATEs, whatever ran before.
    await owner.db
      .insertInto('notes')
      .values({
        id: crypto.randomUUID(),
        court: 'JL-CC-NG',
        handler: 'judge-a',
        case_number: 'truncate-owner',
        content: '来电',
        seq_in_case: 1,
      })
      .execute();
    const tables = rows.map((r) => r.name).sort();
    expect(tables).toEqual(expect.arrayContaining(['notes', ...KIT_TABLES, 'kysely_migration']));
    for (const t of tables) {
      const f = await failure(owner.db, `TRUNCATE ${t} CASCADE`);
      expect(f, t).toBeDefined();
      expect(f!.message, t).toMatch(/TRUNCATE .* is refused/);
    }
    const n = await owner.db
      .selectFrom('notes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBeGreaterThan(0);
  });

  it('preparing again is idempotent, and a table added by a later migration is guarded and granted too', async () => {
    const later: Record<string, Migration> = {
      ...producerMigrations,
      '2026-11-28T02-00-later': {
        async up(db: Kysely<any>) {
          await sql`CREATE TABLE later_things (id bigserial PRIMARY KEY, v text NOT NULL)`.execute(db);
        },
      },
    };
    // Twice at once, as two instances starting together would.
    const [a, b] = await Promise.all([
      prepareServiceDatabase({ ownerUrl: tdb.url, migrations: later }),
      prepareServiceDatabase({ ownerUrl: tdb.url, migrations: later }),
    ]);
    expect(a.role).toEqual(role);
    expect(b.role).toEqual(role);
    const triggers = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM pg_trigger WHERE tgname = 'kit_no_truncate' AND tgrelid = 'later_things'::regclass`.execute(
      owner.db,
    );
    expect(triggers.rows[0]!.n).toBe(1);
    await sql`INSERT INTO later_things (v) VALUES ('x')`.execute(app.db);
    expect((await failure(app.db, 'TRUNCATE later_things'))?.code).toBe('42501');
    expect((await failure(owner.db, 'TRUNCATE later_things'))?.message).toMatch(/is refused/);
  });

  it('a service role that is the owner, or privileged, is refused', async () => {
    await expect(ensureServiceRole(owner.db, { role: 'postgres' })).rejects.toThrow(
      /must not be the role that owns/,
    );
    const strong = `${tdb.name}_strong`;
    await sql`CREATE ROLE ${sql.id(strong)} LOGIN CREATEDB`.execute(owner.db);
    try {
      await expect(ensureServiceRole(owner.db, { role: strong })).rejects.toThrow(/can create databases/);
    } finally {
      await sql`DROP ROLE ${sql.id(strong)}`.execute(owner.db);
    }
  });
});

describe('the example service runs as its own role (R-PV-2)', () => {
  let proc: ChildProcess;
  let base: string;
  let dbName: string;
  let adminUrl: string;
  const keys = testKeys();

  beforeAll(async () => {
    adminUrl = await resolvePostgres();
    dbName = uniqueName('jir_t_svc').replace(/-/g, '_');
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const databaseUrl = Object.assign(new URL(adminUrl), { pathname: `/${dbName}` }).toString();
    proc = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./fixtures/example-main.ts', import.meta.url))],
      {
        env: {
          ...process.env,
          PORT: String(port),
          DATABASE_URL: databaseUrl,
          NATS_URL: await resolveNats(),
          BUS_NAMESPACE: uniqueName('t'),
          AUTH_PUBLIC_KEY: keys.publicKeyPem,
          LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'warn',
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    await waitFor(async () => (await fetch(`${base}/readyz`).catch(() => undefined))?.ok || undefined, {
      timeoutMs: 60_000,
      what: 'example service ready',
    });
  });
  afterAll(async () => {
    if (proc && proc.exitCode === null) {
      const gone = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await gone;
    }
    await dropTestDatabase(adminUrl, dbName);
  });

  it('R-PV-2: every connection the running service holds is the unprivileged role, and it works', async () => {
    const r = await fetch(`${base}/v1/notes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await keys.token()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ caseNumber: 'svc-1', content: 'x' }),
    });
    expect(r.status).toBe(201);
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      const { rows } = await c.query<{ usename: string; rolsuper: boolean }>(
        `SELECT a.usename, r.rolsuper FROM pg_stat_activity a JOIN pg_roles r ON r.rolname = a.usename
         WHERE a.datname = $1 AND a.pid <> pg_backend_pid()`,
        [dbName],
      );
      expect(rows.length).toBeGreaterThan(0);
      expect(new Set(rows.map((x) => x.usename))).toEqual(new Set([`${dbName}_app`]));
      expect(rows.every((x) => !x.rolsuper)).toBe(true);
    } finally {
      await c.end();
    }
  });

  it('R-AC-3: the running service ignores X-Forwarded-For by default (TRUSTED_PROXIES unset)', async () => {
    const r = await fetch(`${base}/v1/whoami`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(((await r.json()) as { address: string }).address).toBe('127.0.0.1');
  });
});
