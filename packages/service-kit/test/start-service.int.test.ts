import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator, sql, type Kysely, type Migration } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropRoleIfExists, freePort, resolvePostgres, uniqueName } from '@jir/testing';
import {
  ConfigError,
  assertMigrated,
  createDatabase,
  ensureDatabase,
  ensureLocalKeyPair,
  kitMigrations,
  signUserToken,
  startService,
  type ServiceResource,
} from '../src/index.js';
import { producerMigrations, type ProducerDB } from './example/example-service.js';
import { exampleService, testKeys } from './harness.js';

// One way to start a service: startService acquires in order and, when a
// later step fails, lets go of everything it acquired, newest first. Safe
// defaults: no key, no start (unless development mode is asked for); the
// kit's migrations keep a table of their own.

let admin: string;
const created: string[] = [];

/** A database name of this file's own, dropped (with its service role) at the end. */
function newDatabase(): { name: string; url: string } {
  const name = uniqueName('jir_t_start').replace(/-/g, '_');
  created.push(name);
  return { name, url: Object.assign(new URL(admin), { pathname: `/${name}` }).toString() };
}

async function query<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  try {
    return (await c.query<T>(text, values)).rows;
  } finally {
    await c.end();
  }
}

/** Connections any role holds to a database, other than this query's own. */
async function connectionsTo(db: string): Promise<number> {
  const rows = await query<{ n: number }>(
    'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
    [db],
  );
  return rows[0]!.n;
}

/**
 * Connections to `db` once the server has seen them go: a backend leaves pg_stat_activity a moment
 * after its client closed the socket, longer on a busy machine. A connection the service kept open
 * is still counted after the 5 s.
 */
async function connectionsLeftTo(db: string): Promise<number> {
  const until = Date.now() + 5000;
  let n = await connectionsTo(db);
  while (n > 0 && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 50));
    n = await connectionsTo(db);
  }
  return n;
}

/**
 * Open TCP sockets of this process, once the count has stopped changing (sockets of an earlier
 * step may still be closing): a leaked pool, bus or server would leave more behind.
 */
async function sockets(): Promise<number> {
  const count = () => process.getActiveResourcesInfo().filter((r) => r.startsWith('TCP')).length;
  let last = count();
  for (let stable = 0; stable < 5;) {
    await new Promise((r) => setTimeout(r, 50));
    const now = count();
    stable = now === last ? stable + 1 : 0;
    last = now;
  }
  return last;
}

beforeAll(async () => {
  admin = await resolvePostgres();
});
afterAll(async () => {
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  try {
    for (const db of created) {
      await c.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
      await dropRoleIfExists(c, `${db}_app`);
    }
  } finally {
    await c.end();
  }
});

describe('safe defaults: a service without a token key refuses to start (R-AC-1)', () => {
  it('R-AC-1: without AUTH_JWKS_URL or AUTH_PUBLIC_KEY it refuses, naming both in Chinese and English, before touching the database', async () => {
    const { name, url } = newDatabase();
    const err = await startService(await exampleService({ databaseUrl: url })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    const message = (err as Error).message;
    expect(message).toMatch(/AUTH_JWKS_URL/);
    expect(message).toMatch(/AUTH_PUBLIC_KEY/);
    expect(message).toMatch(/AUTH_DEV_MODE=true/);
    expect(message).toMatch(/拒绝启动/);
    expect(message).toMatch(/refuses to start/);
    expect(await query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).toHaveLength(0);
  });

  it('R-AC-1: with AUTH_DEV_MODE=true it starts and trusts only the local development key', async () => {
    const { url } = newDatabase();
    const dir = mkdtempSync(join(tmpdir(), 'jir-devkey-'));
    const service = await startService(
      await exampleService({
        databaseUrl: url,
        env: { AUTH_DEV_MODE: 'true', AUTH_LOCAL_KEY_DIR: dir },
        overrides: { port: 0 },
      }),
    );
    try {
      const claims = { sub: 'judge-a', court: 'JL-CC-NG', division: 'civil-1', roles: ['case-handler'] };
      const post = async (token: string) =>
        (
          await fetch(`${service.url}/v1/notes`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ caseNumber: 'dev-1', content: '来电' }),
          })
        ).status;
      expect(await post(await signUserToken(ensureLocalKeyPair(dir).privateKeyPem, claims))).toBe(201);
      expect(await post(await testKeys().token())).toBe(401);
    } finally {
      await service.close();
    }
  });

  it('R-AC-1: with AUTH_PUBLIC_KEY it starts without dev mode and never trusts the local key', async () => {
    const { url } = newDatabase();
    const keys = testKeys();
    const dir = mkdtempSync(join(tmpdir(), 'jir-devkey-'));
    const service = await startService(
      await exampleService({
        databaseUrl: url,
        env: { AUTH_PUBLIC_KEY: keys.publicKeyPem, AUTH_LOCAL_KEY_DIR: dir },
        overrides: { port: 0 },
      }),
    );
    try {
      const claims = { sub: 'judge-a', court: 'JL-CC-NG', division: 'civil-1', roles: ['case-handler'] };
      const local = await signUserToken(ensureLocalKeyPair(dir).privateKeyPem, claims);
      const r = await fetch(`${service.url}/v1/notes`, { headers: { authorization: `Bearer ${local}` } });
      expect(r.status).toBe(401);
      const ok = await fetch(`${service.url}/v1/notes`, {
        headers: { authorization: `Bearer ${await keys.token()}` },
      });
      expect(ok.status).toBe(200);
    } finally {
      await service.close();
    }
  });
});

describe('startService releases what it acquired when a later step fails', () => {
  let taken: Server;
  let port: number;
  beforeAll(async () => {
    port = await freePort();
    taken = createServer();
    await new Promise<void>((r) => taken.listen(port, '127.0.0.1', r));
  });
  afterAll(() => new Promise<void>((r) => taken.close(() => r())));

  /** The example service on `url`, trusting a key of its own, with what the case adds. */
  const example = (
    url: string,
    more: Pick<Parameters<typeof exampleService>[0], 'resources' | 'overrides'> = {},
  ) => exampleService({ databaseUrl: url, env: { AUTH_PUBLIC_KEY: testKeys().publicKeyPem }, ...more });

  it('a port in use: the start fails, and the database pool, bus, relay and consumers are closed', async () => {
    const { name, url } = newDatabase();
    const before = await sockets();
    const log: string[] = [];
    const err = await startService(
      await example(url, {
        resources: {
          marker: {
            acquire: async () => void log.push('acquired'),
            release: () => void log.push('released'),
          },
        },
        overrides: { port },
      }),
    ).catch((e: unknown) => e);
    expect((err as NodeJS.ErrnoException).code).toBe('EADDRINUSE');
    // It got as far as the database (migrated, role made): the failure came at the last step.
    expect(await query('SELECT 1 FROM pg_roles WHERE rolname = $1', [`${name}_app`])).toHaveLength(1);
    expect(log).toEqual(['acquired', 'released']);
    expect(await connectionsLeftTo(name)).toBe(0);
    expect(await sockets()).toBeLessThanOrEqual(before);
  });

  it('a failing resource: what was acquired before it is released, and nothing after it is acquired', async () => {
    const { name, url } = newDatabase();
    const before = await sockets();
    const log: string[] = [];
    const err = await startService(
      await example(url, {
        resources: {
          first: {
            acquire: async () => void log.push('first'),
            release: () => void log.push('first released'),
          },
          second: {
            acquire: async () => {
              throw new Error('object store unreachable');
            },
            release: () => void log.push('second released'),
          },
        },
        overrides: { port: 0 },
      }),
    ).catch((e: unknown) => e);
    expect((err as Error).message).toBe('object store unreachable');
    expect(log).toEqual(['first', 'first released']);
    expect(await query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).toHaveLength(0);
    expect(await sockets()).toBeLessThanOrEqual(before);
  });

  it('parts that throw after the database and bus are up: both are closed again', async () => {
    const { name, url } = newDatabase();
    const before = await sockets();
    const spec = await example(url);
    let sawDatabase = false;
    const err = await startService<ProducerDB, Record<string, ServiceResource<unknown>>>({
      ...spec,
      parts: (ctx) => {
        sawDatabase = ctx.database.pool.totalCount > 0;
        throw new Error('bad wiring');
      },
    }).catch((e: unknown) => e);
    expect((err as Error).message).toBe('bad wiring');
    expect(sawDatabase).toBe(true);
    expect(await connectionsLeftTo(name)).toBe(0);
    expect(await sockets()).toBeLessThanOrEqual(before);
  });

  it('close() lets go of everything, and a second close() does nothing more', async () => {
    const { name, url } = newDatabase();
    const before = await sockets();
    const service = await startService(await example(url, { overrides: { port: 0 } }));
    expect((await fetch(`${service.url}/readyz`)).status).toBe(200);
    expect(await connectionsTo(name)).toBeGreaterThan(0);
    await Promise.all([service.close(), service.close()]);
    await service.close();
    expect(await connectionsLeftTo(name)).toBe(0);
    expect(await sockets()).toBeLessThanOrEqual(before);
  });
});

describe('safe defaults: a stalled statement does not hold the service for ever', () => {
  it('R-NF-6: a statement of the service’s connection that outruns DATABASE_STATEMENT_TIMEOUT_SECONDS is cancelled; 60 s unless said', async () => {
    const { url } = newDatabase();
    const keys = { AUTH_PUBLIC_KEY: testKeys().publicKeyPem };
    const service = await startService(
      await exampleService({ databaseUrl: url, env: { ...keys, DATABASE_STATEMENT_TIMEOUT_SECONDS: '1' } }),
    );
    try {
      const started = Date.now();
      const err = await sql`SELECT pg_sleep(5)`.execute(service.ctx.db).catch((e: unknown) => e);
      expect((err as { code?: string }).code).toBe('57014');
      expect(Date.now() - started).toBeLessThan(4_000);
      // The connection is not lost with it: the next statement runs.
      const { rows } = await sql<{ n: number }>`SELECT 1 AS n`.execute(service.ctx.db);
      expect(rows).toEqual([{ n: 1 }]);
    } finally {
      await service.close();
    }
    const byDefault = await startService(await exampleService({ databaseUrl: url, env: keys }));
    try {
      const { rows } = await sql<{ t: string }>`SELECT current_setting('statement_timeout') AS t`.execute(
        byDefault.ctx.db,
      );
      expect(rows[0]?.t).toBe('1min');
    } finally {
      await byDefault.close();
    }
  });
});

describe('the kit’s migrations have a table of their own', () => {
  /** Migrates as the code before kit_migration did: the kit's and the service's in kysely_migration. */
  async function migrateTheOldWay(url: string, migrations: Record<string, Migration>) {
    await ensureDatabase(url);
    const d = createDatabase(url, { max: 1 });
    try {
      const all = { ...kitMigrations, ...migrations };
      const { error } = await new Migrator({
        db: d.db,
        provider: { getMigrations: async () => all },
      }).migrateToLatest();
      if (error) throw error;
    } finally {
      await d.close();
    }
  }

  async function names(url: string, table: string): Promise<string[]> {
    const d = createDatabase(url, { max: 1 });
    try {
      const { rows } = await sql<{ name: string }>`SELECT name FROM ${sql.id(table)} ORDER BY name`.execute(
        d.db as Kysely<unknown>,
      );
      return rows.map((r) => r.name);
    } finally {
      await d.close();
    }
  }

  it('a database migrated by the previous layout (kit rows in kysely_migration) still starts, and its rows move', async () => {
    const { url } = newDatabase();
    await migrateTheOldWay(url, producerMigrations);
    // Before the move, a service that does not migrate at start accepts the old layout.
    const owner = createDatabase(url, { max: 1 });
    try {
      await assertMigrated(owner.db, producerMigrations);
    } finally {
      await owner.close();
    }
    const keys = testKeys();
    const service = await startService(
      await exampleService({
        databaseUrl: url,
        env: { AUTH_PUBLIC_KEY: keys.publicKeyPem },
        overrides: { port: 0 },
      }),
    );
    try {
      const r = await fetch(`${service.url}/v1/notes`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await keys.token()}`, 'content-type': 'application/json' },
        body: JSON.stringify({ caseNumber: 'old-1', content: 'x' }),
      });
      expect(r.status).toBe(201);
    } finally {
      await service.close();
    }
    expect(await names(url, 'kit_migration')).toEqual(Object.keys(kitMigrations));
    expect(await names(url, 'kysely_migration')).toEqual(Object.keys(producerMigrations));
  });

  it('a service migration may sort before the kit’s, and the service role may only read the migration tables', async () => {
    const { name, url } = newDatabase();
    const early: Record<string, Migration> = {
      '2000-01-01T00-00-early-notes': producerMigrations['2026-11-28T01-00-notes']!,
    };
    const keys = testKeys();
    const spec = await exampleService({ databaseUrl: url, env: { AUTH_PUBLIC_KEY: keys.publicKeyPem } });
    const service = await startService({
      ...spec,
      migrations: early,
      overrides: { ...spec.overrides, port: 0 },
    });
    try {
      expect(await names(url, 'kysely_migration')).toEqual(['2000-01-01T00-00-early-notes']);
      const denied = await sql`DELETE FROM kit_migration`.execute(service.ctx.db).catch((e: unknown) => e);
      expect((denied as { code?: string }).code).toBe('42501');
      const read = await sql<{ n: number }>`SELECT count(*)::int AS n FROM kit_migration`.execute(
        service.ctx.db,
      );
      expect(read.rows[0]!.n).toBe(Object.keys(kitMigrations).length);
      const me = await sql<{ u: string }>`SELECT current_user AS u`.execute(service.ctx.db);
      expect(me.rows[0]!.u).toBe(`${name}_app`);
    } finally {
      await service.close();
    }
  });
});
