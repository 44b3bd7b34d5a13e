import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { signUserToken, type UserClaims } from '@jir/service-kit';
import {
  freePort,
  type ObjectStoreAdmin,
  provisionEvidenceBucket,
  resolveNats,
  resolveObjectStoreAdmin,
  resolvePostgres,
  uniqueName,
  waitFor,
} from '@jir/testing';

const APPS = fileURLToPath(new URL('../../apps/', import.meta.url));

/**
 * The services of the system, by the name tests use: each runs its built
 * main.js (runService, hence startService) in a process of its own, so a test
 * can kill it as a crash would. Adding a service to the system tests is one line.
 */
const SERVICES = {
  intake: { app: 'intake' },
  evidence: { app: 'evidence-storage' },
  deadlines: { app: 'deadline-monitor' },
  reporting: { app: 'reporting' },
} as const satisfies Record<string, { app: string }>;

export type ServiceName = keyof typeof SERVICES;

export interface RunningSystem {
  urls: Record<ServiceName, string>;
  token(c?: Partial<UserClaims>): Promise<string>;
  kill(name: ServiceName, signal?: NodeJS.Signals): Promise<void>;
  start(name: ServiceName): Promise<void>;
  /** A service's owner connection (its DATABASE_URL), for operators' commands run against it. */
  databaseUrl(name: ServiceName): string;
  /** The services whose process has ended without the test asking (a crash). */
  exited(): ServiceName[];
  /** Every service answers /readyz with 200 (after a fault, the sign it has recovered). */
  ready(timeoutMs?: number): Promise<void>;
  /** What a test file in another process needs to use this system (a vitest globalSetup provides it). */
  handle(): SystemHandle;
  stop(): Promise<void>;
}

/** A running system's addresses and token key: plain data, to pass to other processes. */
export interface SystemHandle {
  urls: Record<ServiceName, string>;
  /** PKCS#8 PEM of the key the services trust (AUTH_PUBLIC_KEY's pair). */
  tokenKey: string;
}

/** A system started elsewhere (another process), used through its addresses and tokens only. */
export type AttachedSystem = Pick<RunningSystem, 'urls' | 'token'>;

/** A user token for the system, by default a civil division's case handler of the basic court. */
const tokenFor = (key: string, c: Partial<UserClaims> = {}) =>
  signUserToken(key, {
    sub: 'judge-a',
    court: 'JL-CC-NG',
    division: 'civil-1',
    roles: ['case-handler'],
    ...c,
  });

/** Uses a system another process started (its handle). */
export function attachSystem(h: SystemHandle): AttachedSystem {
  return { urls: h.urls, token: (c) => tokenFor(h.tokenKey, c) };
}

/** Infrastructure of the test's own instead of the machine's shared one, for tests that break it. */
export interface SystemInfra {
  /** The owner's connection to a PostgreSQL cluster (e.g. a private one that a test restarts). */
  postgres?: string;
  /** A private nats-server's URL. */
  nats?: string;
  /** A private object store (TestObjectStoreServer's admin). */
  objectStore?: ObjectStoreAdmin;
  /** More variables for every service (e.g. NATS_STREAM_REPLICAS on a cluster). */
  env?: Record<string, string>;
}

/**
 * Starts the built services as separate processes (dist/main.js), each with a
 * fresh database, one shared bus namespace, the project's S3 server, and a
 * key pair of the test's own: as a deployment would run them.
 */
export async function startSystem(infra: SystemInfra = {}): Promise<RunningSystem> {
  const admin = infra.postgres ?? (await resolvePostgres());
  const nats = infra.nats ?? (await resolveNats());
  const s3 = infra.objectStore ?? (await resolveObjectStoreAdmin());
  // The evidence service never creates its bucket: it is provisioned as a deployment's is.
  const bucket = uniqueName('sys').replace(/[^a-z0-9-]/g, '');
  await provisionEvidenceBucket(s3, bucket);
  const namespace = uniqueName('sys');
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const priv = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const dbs: string[] = [];
  const procs = new Map<string, ChildProcess>();
  const env: Record<string, Record<string, string>> = {};
  const urls = {} as RunningSystem['urls'];

  for (const name of Object.keys(SERVICES) as ServiceName[]) {
    const db = uniqueName(`jir_sys_${name}`).replace(/-/g, '_');
    dbs.push(db);
    const port = await freePort();
    urls[name] = `http://127.0.0.1:${port}`;
    env[name] = {
      PORT: String(port),
      DATABASE_URL: Object.assign(new URL(admin), { pathname: `/${db}` }).toString(),
      NATS_URL: nats,
      BUS_NAMESPACE: namespace,
      S3_ENDPOINT: s3.endpoint,
      S3_ACCESS_KEY: s3.accessKey,
      S3_SECRET_KEY: s3.secretKey,
      S3_BUCKET: bucket,
      AUTH_PUBLIC_KEY: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'warn',
      ...infra.env,
    };
  }
  const entry = (name: ServiceName) => `${APPS}${SERVICES[name].app}/dist/main.js`;
  const isReady = async (name: ServiceName) => {
    try {
      return (await fetch(`${urls[name]}/readyz`, { signal: AbortSignal.timeout(2000) })).ok || undefined;
    } catch {
      return undefined;
    }
  };
  const start = async (name: ServiceName) => {
    const p = spawn(process.execPath, [entry(name)], {
      env: { ...process.env, ...env[name] },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    procs.set(name, p);
    // A busy machine (other test runs on two cores) has taken over a minute to start one.
    await waitFor(() => isReady(name), { timeoutMs: 120_000, what: `${name} ready` });
  };
  for (const name of Object.keys(SERVICES) as ServiceName[]) await start(name);

  return {
    urls,
    token: (c) => tokenFor(priv, c),
    handle: () => ({ urls, tokenKey: priv }),
    start,
    databaseUrl: (name) => env[name]!['DATABASE_URL']!,
    exited: () =>
      [...procs]
        .filter(([, p]) => p.exitCode !== null || p.signalCode !== null)
        .map(([n]) => n as ServiceName),
    async ready(timeoutMs = 60_000) {
      for (const name of Object.keys(SERVICES) as ServiceName[])
        await waitFor(() => isReady(name), { timeoutMs, what: `${name} ready again` });
    },
    async kill(name, signal = 'SIGKILL') {
      const p = procs.get(name);
      if (!p || p.exitCode !== null) return;
      const gone = new Promise((r) => p.once('exit', r));
      p.kill(signal);
      await gone;
    },
    async stop() {
      for (const p of procs.values()) {
        if (p.exitCode === null && p.signalCode === null) {
          const gone = new Promise((r) => p.once('exit', r));
          p.kill('SIGTERM');
          await gone;
        }
      }
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      for (const db of dbs) await c.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
      await c.end();
    },
  };
}
