// `npm start` (scripts/start-system.sh) as a user runs it: the system comes up
// and prints where everything is; one Ctrl-C (SIGINT to the script's process
// group, as a terminal sends it) stops every service gracefully. Runs on free
// ports, its own databases, bus namespace and durable store in a temp dir.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { dropRoleIfExists, freePort, resolvePostgres, uniqueName, waitFor } from '@jir/testing';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'jir-start-'));
const prefix = uniqueName('jir_start').replace(/-/g, '_');

afterAll(async () => {
  await promisify(execFile)('bash', [`${ROOT}scripts/s3/stop-rgw.sh`, join(dir, 'store')], {
    env: { ...process.env, SIG: 'KILL' },
  }).catch(() => {});
  rmSync(dir, { recursive: true, force: true });
  const c = new pg.Client({ connectionString: await resolvePostgres() });
  await c.connect();
  const { rows } = await c.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE datname LIKE $1`,
    [`${prefix}_%`],
  );
  for (const { datname } of rows) {
    await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await dropRoleIfExists(c, `${datname}_app`);
  }
  await c.end();
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('npm start and one Ctrl-C (R-NF-6)', () => {
  it('R-NF-6: the system prints one block naming each service, and one SIGINT to its process group stops every service gracefully, none saying "second signal"', async () => {
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      JIR_STORE_DIR: join(dir, 'store'),
      JIR_LOG_DIR: join(dir, 'logs'),
      JIR_DB_PREFIX: prefix,
      JIR_NO_BUILD: '1',
      BUS_NAMESPACE: uniqueName('start'),
      S3_STORE_PORT: String(await freePort()),
      MON_PORT: String(await freePort()),
      INTAKE_PORT: String(await freePort()),
      EVIDENCE_STORAGE_PORT: String(await freePort()),
      DEADLINE_MONITOR_PORT: String(await freePort()),
      REPORTING_PORT: String(await freePort()),
      WEB_PORT: String(await freePort()),
    };
    // The store is the script's own (durable, in the temp dir), not the one the tests share.
    for (const k of ['S3_ENDPOINT', 'S3_ACCESS_KEY', 'S3_SECRET_KEY', 'S3_BUCKET']) delete env[k];
    // `npm start` as typed, detached: a process group of its own, as a terminal's foreground job
    // has, so npm (which forwards the SIGINT it gets) and the script both receive it.
    const script = spawn('npm', ['start'], { cwd: ROOT, env, detached: true });
    let out = '';
    script.stdout.on('data', (b: Buffer) => (out += b.toString()));
    script.stderr.on('data', (b: Buffer) => (out += b.toString()));
    const exited = new Promise<NodeJS.Signals | number | null>((r) =>
      script.once('exit', (code, signal) => r(signal ?? code)),
    );
    await waitFor(() => out.includes('is running') || undefined, {
      timeoutMs: 90_000,
      what: `the running block (so far: ${out.slice(-400)})`,
    });

    const started = [...out.matchAll(/^ {2}(\S+) +(http:\/\/127\.0\.0\.1:(\d+)) .*pid (\d+)\)$/gm)].map(
      (m) => ({
        name: m[1]!,
        url: m[2]!,
        pid: Number(m[4]),
      }),
    );
    expect(started.map((s) => s.name)).toEqual(expect.arrayContaining(['intake', 'evidence-storage']));
    expect(started.find((s) => s.name === 'intake')!.url).toBe(`http://127.0.0.1:${env['INTAKE_PORT']}`);
    for (const s of started) expect((await fetch(`${s.url}/readyz`)).ok).toBe(true);
    expect(out).toMatch(/user interface +/);
    expect(out).toContain('npm run -s token --');
    expect(out).toMatch(/stop +Ctrl-C once/);

    process.kill(-script.pid!, 'SIGINT');
    // npm waits for the script, then ends itself by the signal it got, as a shell expects.
    expect(await exited).toBe('SIGINT');
    expect(out).toContain('stopping ');
    for (const s of started) {
      expect(alive(s.pid), `${s.name} still running`).toBe(false);
      expect(out).toContain(`stopped ${s.name} (status 0)`);
      const log = readFileSync(join(dir, 'logs', `${s.name}.log`), 'utf8');
      expect(log).not.toContain('second signal');
      // The services log through the kit (the web server has its own logger; its status 0 says it).
      if (s.name !== 'web') expect(log).toMatch(/"msg":"shut down"/);
    }
    expect(readdirSync(join(dir, 'logs')).length).toBe(started.length);
    expect(existsSync(join(dir, 'store', '.durable-ceph'))).toBe(true);
  });
});
