import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { testContainers, wantsContainers } from './infra.js';
import { freePort } from './nats-server.js';
import { waitFor } from './wait-for.js';

const SCRIPTS = fileURLToPath(new URL('../../../scripts/s3/', import.meta.url));
const run = promisify(execFile);

/** What setup scripts and tests may do that the evidence service may not: own and lock buckets. */
export interface ObjectStoreAdmin {
  endpoint: string;
  /** The evidence service's least-privilege key. */
  accessKey: string;
  secretKey: string;
  /** The radosgw uid behind the service key, named in each bucket's policy. */
  serviceUser: string;
  adminAccessKey: string;
  adminSecretKey: string;
}

function parseEnv(stdout: string): Record<string, string> {
  return Object.fromEntries(
    stdout
      .split('\n')
      .map((l) => l.split('='))
      .filter((kv) => kv.length === 2),
  ) as Record<string, string>;
}

function adminFrom(v: Record<string, string | undefined>): ObjectStoreAdmin {
  const need = [
    'S3_ENDPOINT',
    'S3_ACCESS_KEY',
    'S3_SECRET_KEY',
    'S3_SERVICE_USER',
    'S3_ADMIN_ACCESS_KEY',
    'S3_ADMIN_SECRET_KEY',
  ];
  const missing = need.filter((k) => !v[k]);
  if (missing.length) throw new Error(`the object store's setup does not say ${missing.join(', ')}`);
  return {
    endpoint: v['S3_ENDPOINT']!,
    accessKey: v['S3_ACCESS_KEY']!,
    secretKey: v['S3_SECRET_KEY']!,
    serviceUser: v['S3_SERVICE_USER']!,
    adminAccessKey: v['S3_ADMIN_ACCESS_KEY']!,
    adminSecretKey: v['S3_ADMIN_SECRET_KEY']!,
  };
}

/**
 * The project's S3 server with its admin key: from the environment when
 * S3_ENDPOINT is set (with S3_ADMIN_ACCESS_KEY, S3_ADMIN_SECRET_KEY, S3_SERVICE_USER),
 * else MinIO in a container when JIR_TESTCONTAINERS asks for it, else from
 * scripts/s3/ensure-rgw.sh, starting it if needed.
 */
export async function resolveObjectStoreAdmin(env = process.env): Promise<ObjectStoreAdmin> {
  if (env['S3_ENDPOINT']) return adminFrom(env);
  if (wantsContainers(env)) return (await testContainers()).s3;
  const { stdout } = await run('bash', [`${SCRIPTS}ensure-rgw.sh`], { timeout: 120_000 });
  return adminFrom(parseEnv(stdout));
}

/**
 * Creates an evidence bucket as deployments do (scripts/s3/provision-bucket.sh):
 * owned by the admin user, Object Lock with a default COMPLIANCE retention of
 * `defaultDays`, and a policy giving the service key only what it needs.
 */
export async function provisionEvidenceBucket(
  s3: ObjectStoreAdmin,
  bucket: string,
  defaultDays = 1,
): Promise<void> {
  await run('bash', [`${SCRIPTS}provision-bucket.sh`, bucket, String(defaultDays)], {
    env: {
      ...process.env,
      S3_ENDPOINT: s3.endpoint,
      S3_ADMIN_ACCESS_KEY: s3.adminAccessKey,
      S3_ADMIN_SECRET_KEY: s3.adminSecretKey,
      S3_SERVICE_USER: s3.serviceUser,
    },
    timeout: 60_000,
  });
}

/**
 * A private radosgw (its own throwaway Ceph cluster) for tests that stop the
 * object store: the gateway can be killed and started again while the
 * cluster keeps its data, like a store that goes away and comes back.
 */
export class TestObjectStoreServer {
  private constructor(
    readonly dir: string,
    readonly endpoint: string,
    readonly accessKey: string,
    readonly secretKey: string,
    /** The service key, the admin key and the service's uid (see ObjectStoreAdmin). */
    readonly admin: ObjectStoreAdmin,
  ) {}

  static async start(opts: { memstoreBytes?: number } = {}): Promise<TestObjectStoreServer> {
    const dir = join(mkdtempSync(join(tmpdir(), 'jir-rgw-')), 'cluster');
    // Two free ports in a row are not guaranteed: ask for the monitor's separately.
    const port = await freePort();
    const mon = await freePort();
    const { stdout } = await run('bash', [`${SCRIPTS}start-rgw.sh`, dir, String(port)], {
      env: {
        ...process.env,
        MON_PORT: String(mon),
        MEMSTORE_BYTES: String(opts.memstoreBytes ?? 2 * 1024 ** 3),
      },
      timeout: 120_000,
    });
    const admin = adminFrom(parseEnv(stdout));
    return new TestObjectStoreServer(dir, admin.endpoint, admin.accessKey, admin.secretKey, admin);
  }

  private get gatewayPid(): number | null {
    try {
      return Number(readFileSync(join(this.dir, 'run', 'client.rgw.a.pid'), 'utf8').trim());
    } catch {
      return null;
    }
  }

  /** Kills the S3 gateway (SIGKILL): requests in flight fail, the data stays in the cluster. */
  async stopGateway(): Promise<void> {
    const pid = this.gatewayPid;
    if (pid) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    await waitFor(async () => !(await this.answers()) || undefined, {
      timeoutMs: 10_000,
      what: 'gateway down',
    });
  }

  async startGateway(): Promise<void> {
    const p = spawn('radosgw', ['-c', join(this.dir, 'ceph.conf'), '-n', 'client.rgw.a'], {
      stdio: 'ignore',
      detached: true,
    });
    p.unref();
    await waitFor(() => this.answers() || undefined, { timeoutMs: 30_000, what: 'gateway up' });
  }

  private async answers(): Promise<boolean> {
    try {
      await fetch(this.endpoint, { signal: AbortSignal.timeout(1000) });
      return true;
    } catch {
      return false;
    }
  }

  async dispose(): Promise<void> {
    await run('bash', [`${SCRIPTS}stop-rgw.sh`, this.dir], { env: { ...process.env, SIG: 'KILL' } }).catch(
      () => undefined,
    );
    rmSync(join(this.dir, '..'), { recursive: true, force: true });
  }
}
