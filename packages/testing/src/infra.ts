import { execFile } from 'node:child_process';
import { createConnection } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
// Types only: the package is optional and loaded when JIR_TESTCONTAINERS asks for it.
import type * as Testcontainers from 'testcontainers';

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
  const given =
    env['TEST_DATABASE_URL'] ??
    env['DATABASE_URL'] ??
    (wantsContainers(env) ? (await testContainers()).postgres : undefined);
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
  const url =
    env['NATS_URL'] ?? (wantsContainers(env) ? (await testContainers()).nats : 'nats://127.0.0.1:4222');
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
  if (!env['S3_ENDPOINT'] && wantsContainers(env)) return (await testContainers()).s3;
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

/**
 * True when the tests should start their own PostgreSQL, NATS and MinIO in
 * containers: asked for with JIR_TESTCONTAINERS=true, and used only for what
 * no variable (TEST_DATABASE_URL/DATABASE_URL, NATS_URL, S3_ENDPOINT) names.
 * Not exercised on machines without Docker (this project's own).
 */
export function wantsContainers(env: Record<string, string | undefined> = process.env): boolean {
  return env['JIR_TESTCONTAINERS'] === 'true' || env['JIR_TESTCONTAINERS'] === '1';
}

/** What testContainers() started: URLs and the object store's keys (service and admin). */
export interface TestContainers {
  postgres: string;
  nats: string;
  s3: ObjectStoreEndpoint & {
    serviceUser: string;
    adminAccessKey: string;
    adminSecretKey: string;
  };
}

// MinIO's service user gets the evidence service's rights on every bucket as an IAM policy
// (MinIO has no per-user principals in bucket policies): the same actions and denials as
// scripts/s3/provision-bucket.sh.
const MINIO_SERVICE_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: [
        's3:ListBucket',
        's3:ListBucketVersions',
        's3:ListBucketMultipartUploads',
        's3:GetBucketObjectLockConfiguration',
        's3:GetBucketVersioning',
        's3:PutObject',
        's3:GetObject',
        's3:GetObjectVersion',
        's3:GetObjectRetention',
        's3:GetObjectLegalHold',
        's3:AbortMultipartUpload',
        's3:ListMultipartUploadParts',
      ],
      Resource: ['arn:aws:s3:::*'],
    },
    {
      Effect: 'Deny',
      Action: [
        's3:PutBucketObjectLockConfiguration',
        's3:PutObjectRetention',
        's3:PutObjectLegalHold',
        's3:BypassGovernanceRetention',
        's3:DeleteObject',
        's3:DeleteObjectVersion',
        's3:DeleteBucket',
        's3:PutBucketPolicy',
        's3:CreateBucket',
      ],
      Resource: ['arn:aws:s3:::*'],
    },
  ],
});

let started: Promise<TestContainers> | undefined;

/**
 * Starts PostgreSQL 15, NATS 2.11 with JetStream and MinIO in containers with
 * testcontainers (an optional dependency), once per process; testcontainers'
 * reaper removes them when the process ends.
 */
export function testContainers(): Promise<TestContainers> {
  started ??= (async () => {
    let tc: typeof Testcontainers;
    try {
      tc = await import('testcontainers');
    } catch {
      throw new InfraMissingError(
        'testcontainers (JIR_TESTCONTAINERS=true)',
        'Run npm install (it is an optional dependency of @jir/testing), or unset JIR_TESTCONTAINERS.',
      );
    }
    const { GenericContainer, Wait } = tc;
    const [pg15, nats, minio] = await Promise.all([
      new GenericContainer('postgres:15-alpine')
        .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust' })
        .withExposedPorts(5432)
        .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
        .start(),
      new GenericContainer('nats:2.11-alpine')
        .withCommand(['-js', '-sd', '/data'])
        .withExposedPorts(4222)
        .withWaitStrategy(Wait.forLogMessage(/Server is ready/))
        .start(),
      new GenericContainer('minio/minio:RELEASE.2025-09-07T16-13-09Z')
        .withEnvironment({ MINIO_ROOT_USER: 'testaccess', MINIO_ROOT_PASSWORD: 'testsecret1234567890' })
        .withCommand(['server', '/data'])
        .withExposedPorts(9000)
        .withWaitStrategy(Wait.forHttp('/minio/health/ready', 9000))
        .start(),
    ]);
    const service = { user: 'jirevidenceaccess', secret: 'jirevidencesecret1234567890' };
    for (const cmd of [
      ['mc', 'alias', 'set', 'local', 'http://127.0.0.1:9000', 'testaccess', 'testsecret1234567890'],
      ['sh', '-c', `printf '%s' '${MINIO_SERVICE_POLICY}' > /tmp/jir-evidence.json`],
      ['mc', 'admin', 'policy', 'create', 'local', 'jir-evidence', '/tmp/jir-evidence.json'],
      ['mc', 'admin', 'user', 'add', 'local', service.user, service.secret],
      ['mc', 'admin', 'policy', 'attach', 'local', 'jir-evidence', '--user', service.user],
    ]) {
      const r = await minio.exec(cmd);
      if (r.exitCode !== 0) throw new Error(`MinIO setup (${cmd.slice(0, 4).join(' ')}): ${r.output}`);
    }
    return {
      postgres: `postgres://postgres@${pg15.getHost()}:${pg15.getMappedPort(5432)}/postgres`,
      nats: `nats://${nats.getHost()}:${nats.getMappedPort(4222)}`,
      s3: {
        endpoint: `http://${minio.getHost()}:${minio.getMappedPort(9000)}`,
        accessKey: service.user,
        secretKey: service.secret,
        serviceUser: service.user,
        adminAccessKey: 'testaccess',
        adminSecretKey: 'testsecret1234567890',
      },
    };
  })();
  return started;
}
