import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { signUserToken, type UserClaims } from '@jir/service-kit';
import {
  freePort,
  provisionEvidenceBucket,
  resolveNats,
  resolveObjectStoreAdmin,
  resolvePostgres,
  uniqueName,
  waitFor,
} from '@jir/testing';

const APPS = fileURLToPath(new URL('../../apps/', import.meta.url));

export interface RunningSystem {
  urls: Record<'intake' | 'evidence', string>;
  token(c?: Partial<UserClaims>): Promise<string>;
  kill(name: 'intake' | 'evidence', signal?: NodeJS.Signals): Promise<void>;
  start(name: 'intake' | 'evidence'): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the built services as separate processes (dist/main.js), each with a
 * fresh database, one shared bus namespace, the project's S3 server, and a
 * key pair of the test's own: as a deployment would run them.
 */
export async function startSystem(): Promise<RunningSystem> {
  const admin = await resolvePostgres();
  const nats = await resolveNats();
  const s3 = await resolveObjectStoreAdmin();
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

  for (const name of ['intake', 'evidence'] as const) {
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
    };
  }
  const entry = (name: 'intake' | 'evidence') =>
    `${APPS}${name === 'intake' ? 'intake' : 'evidence-storage'}/dist/main.js`;
  const start = async (name: 'intake' | 'evidence') => {
    const p = spawn(process.execPath, [entry(name)], {
      env: { ...process.env, ...env[name] },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    procs.set(name, p);
    await waitFor(async () => (await fetch(`${urls[name]}/readyz`)).ok || undefined, {
      timeoutMs: 60_000,
      what: `${name} ready`,
    });
  };
  await start('intake');
  await start('evidence');

  return {
    urls,
    token: (c = {}) =>
      signUserToken(priv, {
        sub: 'judge-a',
        court: 'JL-CC-NG',
        division: 'civil-1',
        roles: ['case-handler'],
        ...c,
      }),
    start,
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
