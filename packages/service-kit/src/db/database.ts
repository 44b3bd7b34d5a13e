import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { KitTables } from './kit-tables.js';

// timestamptz → Date is pg's default; bigint (int8) → string would lose
// nothing but surprises callers, and our bigints (sequences) fit a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export interface Database<DB> {
  db: Kysely<DB & KitTables>;
  pool: pg.Pool;
  close(): Promise<void>;
}

/**
 * A Kysely instance over a pg pool. `statementTimeoutMs` (0 or absent: none) is set on each
 * connection as it opens, so the server cancels a longer statement (SQLSTATE 57014).
 */
export function createDatabase<DB = unknown>(
  url: string,
  opts: { max?: number; statementTimeoutMs?: number } = {},
): Database<DB> {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    ...(opts.statementTimeoutMs ? { statement_timeout: opts.statementTimeoutMs } : {}),
  });
  // An idle client that loses its server (PostgreSQL restart) must not crash the process.
  pool.on('error', () => undefined);
  // Nor may a checked-out one: between two queries of a transaction (a ClaimWorker's
  // batch, a consumer's) the pool has no listener on it, and pg's 'error' event would
  // be unhandled. The query in flight still rejects, so the caller sees the failure;
  // pg-pool discards the broken client when it is released.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = new Kysely<DB & KitTables>({ dialect: new PostgresDialect({ pool }) });
  return { db, pool, close: () => db.destroy() };
}

/** Creates the database named in the URL if it does not exist yet; safe when several instances race. */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[A-Za-z0-9_]+$/.test(name))
    throw new Error(`refusing to create database with name ${JSON.stringify(name)}`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return;
    await client.query(`CREATE DATABASE "${name}"`);
  } catch (e) {
    // 42P04 duplicate_database; 23505 when two creators race on pg_database's unique index.
    const code = (e as { code?: string }).code;
    if (code !== '42P04' && code !== '23505') throw e;
  } finally {
    await client.end();
  }
}

/** Resolves when the database answers a query. */
export async function pingDatabase<DB>(db: Kysely<DB>): Promise<void> {
  await sql`SELECT 1`.execute(db);
}
