import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, waitFor } from '@jir/testing';
import pg from 'pg';

const run = promisify(execFile);
const BIN = process.env['PG_BIN_DIR'] ?? '/usr/lib/postgresql/15/bin';

/**
 * A PostgreSQL cluster of the test's own (initdb in a temporary directory, on a
 * free port, trust authentication on loopback), so that a fault test can stop
 * and restart the database without touching the machine's shared cluster that
 * other engineers' tests use. About 3 s to create on this machine.
 */
export class PrivatePostgres {
  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly asUser: string[],
  ) {}

  /** Whether this machine has the server binaries at all (else the test says it skipped). */
  static available(): boolean {
    return existsSync(join(BIN, 'initdb')) && existsSync(join(BIN, 'pg_ctl'));
  }

  static async start(): Promise<PrivatePostgres> {
    const base = mkdtempSync(join(tmpdir(), 'jir-pg-'));
    // initdb and the server refuse to run as root: as root they run as the 'postgres' account.
    const asUser = userInfo().uid === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
    if (asUser.length) {
      const { stdout } = await run('id', ['-u', 'postgres']);
      const { stdout: gid } = await run('id', ['-g', 'postgres']);
      chownSync(base, Number(stdout.trim()), Number(gid.trim()));
    }
    const dir = join(base, 'data');
    const s = new PrivatePostgres(dir, await freePort(), asUser);
    await s.exec('initdb', ['-D', dir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
    await s.startServer();
    return s;
  }

  /** The owner's connection, as services take it in DATABASE_URL. */
  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  private async exec(bin: string, args: string[]): Promise<void> {
    const [cmd, ...rest] = [...this.asUser, join(BIN, bin), ...args];
    await run(cmd!, rest, { timeout: 60_000 });
  }

  /** Starts the server and waits until it accepts a query. */
  async startServer(): Promise<void> {
    const opts = `-p ${this.port} -k ${join(this.dir, '..')} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off`;
    await this.exec('pg_ctl', ['-D', this.dir, '-o', opts, '-l', join(this.dir, '..', 'log'), '-w', 'start']);
    await waitFor(
      async () => {
        const c = new pg.Client({ connectionString: this.url });
        await c.connect();
        await c.end();
        return true;
      },
      { timeoutMs: 20_000, what: `private PostgreSQL on ${this.port}` },
    );
  }

  /** Stops the server; `immediate` is a crash (no checkpoint, connections cut), `fast` a clean stop. */
  async stopServer(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    await this.exec('pg_ctl', ['-D', this.dir, '-m', mode, '-w', 'stop']);
  }

  async dispose(): Promise<void> {
    await this.stopServer('immediate').catch(() => undefined);
    rmSync(join(this.dir, '..'), { recursive: true, force: true });
  }
}
