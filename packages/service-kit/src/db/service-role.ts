import { sql, type Kysely } from 'kysely';

// A service connects to PostgreSQL as a role that can read and write rows and
// nothing more: it owns no table, so it cannot DROP, ALTER, TRUNCATE or
// disable the append-only triggers; only the owner (migrations) can.

/** Tables of the migrator itself: the service may read them, never change them. */
const MIGRATOR_TABLES = ['kysely_migration', 'kysely_migration_lock', 'kit_migration', 'kit_migration_lock'];

/** Serialises role and guard setup when several instances start at once. */
const SETUP_LOCK = 'jir-kit-service-role';

/** The service's role and how it connects. */
export interface ServiceRole {
  /** Login role name. */
  role: string;
  /** Connection URL as that role. */
  url: string;
  /** Password from DATABASE_APP_URL, if any (production); none with local trust authentication. */
  password?: string;
}

/**
 * The role a service runs as: the user of DATABASE_APP_URL when given, else
 * `<database>_app` on the owner's server and database, without a password
 * (local development with trust authentication).
 */
export function serviceRole(ownerUrl: string, appUrl?: string): ServiceRole {
  if (appUrl) {
    const u = new URL(appUrl);
    const role = decodeURIComponent(u.username);
    if (!role) throw new Error('DATABASE_APP_URL must name the service role as its user');
    return { role, url: appUrl, ...(u.password ? { password: decodeURIComponent(u.password) } : {}) };
  }
  const u = new URL(ownerUrl);
  const database = decodeURIComponent(u.pathname.slice(1));
  const role = `${database}_app`;
  u.username = encodeURIComponent(role);
  u.password = '';
  return { role, url: u.toString() };
}

function isDuplicate(e: unknown): boolean {
  // 42710 duplicate_object; 23505 when two creators race on pg_authid's unique index.
  const code = (e as { code?: string }).code;
  return code === '42710' || code === '23505';
}

/**
 * Run as the owner after migrations: creates the service's login role if it
 * does not exist (NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS), grants it
 * SELECT/INSERT/UPDATE/DELETE on every table of the schema (SELECT only on the
 * migrator's), USAGE on every sequence, and nothing else. Refuses a role that
 * is privileged, is the owner itself, or owns anything in this database.
 */
export async function ensureServiceRole(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- runs over any service's schema
  owner: Kysely<any>,
  r: Pick<ServiceRole, 'role' | 'password'>,
): Promise<void> {
  await owner.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${SETUP_LOCK}))`.execute(trx);
    const me = await sql<{ u: string }>`SELECT current_user AS u`.execute(trx);
    if (me.rows[0]!.u === r.role)
      throw new Error(`the service role ${r.role} must not be the role that owns the database objects`);
    const exists = await sql`SELECT 1 FROM pg_roles WHERE rolname = ${r.role}`.execute(trx);
    if (exists.rows.length === 0) {
      const create = await sql<{ s: string }>`SELECT format(
          'CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT'
            || CASE WHEN ${r.password ?? null}::text IS NULL THEN '' ELSE ' PASSWORD ' || quote_literal(${r.password ?? null}::text) END,
          ${r.role}::text) AS s`.execute(trx);
      try {
        await sql`SAVEPOINT create_role`.execute(trx);
        await sql.raw(create.rows[0]!.s).execute(trx);
        await sql`RELEASE SAVEPOINT create_role`.execute(trx);
      } catch (e) {
        if (!isDuplicate(e)) throw e;
        await sql`ROLLBACK TO SAVEPOINT create_role`.execute(trx);
      }
    }
    await assertUnprivileged(trx, r.role);
    const role = sql.id(r.role);
    const schema = sql.id((await sql<{ s: string }>`SELECT current_schema() AS s`.execute(trx)).rows[0]!.s);
    await sql`GRANT USAGE ON SCHEMA ${schema} TO ${role}`.execute(trx);
    // PostgreSQL 15 no longer lets everyone create in public; older clusters did: close that too.
    await sql`REVOKE CREATE ON SCHEMA ${schema} FROM PUBLIC`.execute(trx);
    const tables = await sql<{ name: string }>`
      SELECT c.relname AS name FROM pg_class c
      WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')`.execute(trx);
    for (const { name } of tables.rows) {
      const t = sql.id(name);
      // Whatever was granted before, only these: no TRUNCATE, REFERENCES or TRIGGER.
      await sql`REVOKE ALL ON TABLE ${t} FROM ${role}`.execute(trx);
      if (MIGRATOR_TABLES.includes(name)) await sql`GRANT SELECT ON TABLE ${t} TO ${role}`.execute(trx);
      else await sql`GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE ${t} TO ${role}`.execute(trx);
    }
    const sequences = await sql<{ name: string }>`
      SELECT c.relname AS name FROM pg_class c
      WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'S'`.execute(trx);
    for (const { name } of sequences.rows) {
      await sql`REVOKE ALL ON SEQUENCE ${sql.id(name)} FROM ${role}`.execute(trx);
      await sql`GRANT USAGE ON SEQUENCE ${sql.id(name)} TO ${role}`.execute(trx);
    }
  });
}

/**
 * Throws unless `role` (by default the connected user) is an ordinary role:
 * not a superuser, unable to create roles or databases or bypass row security,
 * and owning nothing in the current database.
 */
export async function assertUnprivileged(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema
  db: Kysely<any>,
  role?: string,
): Promise<void> {
  const { rows } = await sql<{
    rolname: string;
    rolsuper: boolean;
    rolcreaterole: boolean;
    rolcreatedb: boolean;
    rolbypassrls: boolean;
    owns: number;
  }>`
    SELECT r.rolname, r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolbypassrls,
      (SELECT count(*) FROM pg_class c WHERE c.relowner = r.oid)::int
        + (SELECT count(*) FROM pg_namespace n WHERE n.nspowner = r.oid)::int
        + (SELECT count(*) FROM pg_proc p WHERE p.proowner = r.oid)::int
        + (SELECT count(*) FROM pg_database d WHERE d.datdba = r.oid AND d.datname = current_database())::int AS owns
    FROM pg_roles r WHERE r.rolname = coalesce(${role ?? null}::text, current_user)`.execute(db);
  const r = rows[0];
  if (!r) throw new Error(`database role ${role ?? '(current)'} does not exist`);
  const wrong = [
    r.rolsuper && 'is a superuser',
    r.rolcreaterole && 'can create roles',
    r.rolcreatedb && 'can create databases',
    r.rolbypassrls && 'bypasses row security',
    r.owns > 0 && `owns ${r.owns} object(s) in this database`,
  ].filter(Boolean);
  if (wrong.length > 0)
    throw new Error(
      `the service's database role ${r.rolname} ${wrong.join(', ')}: a service must run as a role that can only read and write rows (see README, Infrastructure)`,
    );
}

/**
 * Run as the owner after migrations: every table of the schema (the kit's,
 * the service's and the migrator's, including tables added since) gets a
 * statement-level BEFORE TRUNCATE trigger that refuses, so records, versions,
 * audit, outbox and evidence cannot be emptied even by a role that may
 * truncate. Idempotent.
 */
export async function installTruncateGuards(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- runs over any service's schema
  owner: Kysely<any>,
): Promise<string[]> {
  return owner.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${SETUP_LOCK}))`.execute(trx);
    await sql`
      CREATE OR REPLACE FUNCTION kit_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'TRUNCATE of % is refused: this register keeps its data permanently', TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$`.execute(trx);
    const { rows } = await sql<{ name: string }>`
      SELECT c.relname AS name FROM pg_class c
      WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
        AND NOT EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgname = 'kit_no_truncate')
      ORDER BY c.relname`.execute(trx);
    for (const { name } of rows)
      await sql`CREATE TRIGGER kit_no_truncate BEFORE TRUNCATE ON ${sql.id(name)}
        FOR EACH STATEMENT EXECUTE FUNCTION kit_refuse_truncate()`.execute(trx);
    return rows.map((r) => r.name);
  });
}
