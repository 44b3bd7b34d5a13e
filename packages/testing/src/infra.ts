import { execFile } from 'node:child_process';
import { createConnection } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';

/** Something a test needs is not running; the message says how to start it. */
export class InfraMissingError extends Error {
  constructor(what: string, how: string) {
    super(`${what} is not reachable. ${how}`);
    this.name = 'InfraMissingError';
  }
}

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function tcpOpen(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ host, port });
    const done = (ok: boolean) => (s.destroy(), resolve(ok));
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

/**
 * The PostgreSQL server for tests, as an admin URL (database `postgres`):
 * TEST_DATABASE_URL, else DATABASE_URL's server, else the local default.
 */
export async function resolvePostgres(env = process.env): Promise<string> {
  const given = env['TEST_DATABASE_URL'] ?? env['DATABASE_URL'];
  const url = new URL(given ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
  } catch (e) {
    throw new InfraMissingError(
      `PostgreSQL at ${url.host} (${(e as Error).message})`,
      'Set TEST_DATABASE_URL, or start the local server: pg_ctlcluster --skip-systemctl-redirect 15 main start',
    );
  }
  return url.toString();
}

/** The NATS server for tests: NATS_URL, else the local default. */
export async function resolveNats(env = process.env): Promise<string> {
  const url = env['NATS_URL'] ?? 'nats://127.0.0.1:4222';
  const u = new URL(url.split(',')[0]!);
  if (!(await tcpOpen(u.hostname, Number(u.port || 4222)))) {
    throw new InfraMissingError(
      `NATS at ${u.host}`,
      'Set NATS_URL, or start it: start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log',
    );
  }
  return url;
}

export interface ObjectStoreEndpoint {
  endpoint: string;
  accessKey: string;
  secretKey: string;
}

/**
 * The S3 server for tests: S3_ENDPOINT (with S3_ACCESS_KEY, S3_SECRET_KEY),
 * else the project's local radosgw, started by scripts/s3/ensure-rgw.sh if
 * it is not running yet.
 */
export async function resolveObjectStore(env = process.env): Promise<ObjectStoreEndpoint> {
  if (env['S3_ENDPOINT']) {
    return {
      endpoint: env['S3_ENDPOINT'],
      accessKey: env['S3_ACCESS_KEY'] ?? '',
      secretKey: env['S3_SECRET_KEY'] ?? '',
    };
  }
  try {
    const { stdout } = await promisify(execFile)('bash', [`${REPO_ROOT}scripts/s3/ensure-rgw.sh`], {
      timeout: 120_000,
    });
    const vars = Object.fromEntries(
      stdout
        .split('\n')
        .map((l) => l.split('='))
        .filter((kv) => kv.length === 2),
    ) as Record<string, string>;
    if (!vars['S3_ENDPOINT']) throw new Error('the script printed no S3_ENDPOINT');
    return {
      endpoint: vars['S3_ENDPOINT'],
      accessKey: vars['S3_ACCESS_KEY'] ?? '',
      secretKey: vars['S3_SECRET_KEY'] ?? '',
    };
  } catch (e) {
    throw new InfraMissingError(
      `the S3 object store (${(e as Error).message.split('\n')[0]})`,
      'Set S3_ENDPOINT/S3_ACCESS_KEY/S3_SECRET_KEY, or install radosgw (scripts/s3/install-rgw.sh) so that scripts/s3/ensure-rgw.sh can start it.',
    );
  }
}
