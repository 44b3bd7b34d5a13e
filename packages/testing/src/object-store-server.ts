import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from './nats-server.js';
import { waitFor } from './wait-for.js';

const SCRIPTS = fileURLToPath(new URL('../../../scripts/s3/', import.meta.url));
const run = promisify(execFile);

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
    const v = Object.fromEntries(
      stdout
        .split('\n')
        .map((l) => l.split('='))
        .filter((kv) => kv.length === 2),
    ) as Record<string, string>;
    return new TestObjectStoreServer(dir, v['S3_ENDPOINT']!, v['S3_ACCESS_KEY']!, v['S3_SECRET_KEY']!);
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
