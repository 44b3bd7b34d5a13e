import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from './wait-for.js';

/** A free loopback port, from the kernel. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/**
 * A private nats-server with JetStream for tests that stop and start the bus,
 * so that they never disturb the shared one. Same port and store across
 * restarts, like a real server coming back.
 */
export class TestNatsServer {
  private proc: ChildProcess | undefined;
  readonly storeDir: string;

  private constructor(readonly port: number) {
    this.storeDir = mkdtempSync(join(tmpdir(), 'jir-nats-'));
  }

  static async start(
    bin = process.env['NATS_SERVER_BIN'] ?? '/usr/sbin/nats-server',
  ): Promise<TestNatsServer> {
    const s = new TestNatsServer(await freePort());
    s.bin = bin;
    await s.startProcess();
    return s;
  }

  private bin = '/usr/sbin/nats-server';

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  private async startProcess(): Promise<void> {
    const proc = spawn(this.bin, ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.storeDir], {
      stdio: 'ignore',
    });
    this.proc = proc;
    await waitFor(
      async () => {
        if (proc.exitCode !== null) throw new Error(`nats-server exited with ${proc.exitCode}`);
        const { createConnection } = await import('node:net');
        return new Promise<boolean>((resolve) => {
          const c = createConnection({ host: '127.0.0.1', port: this.port });
          c.once('connect', () => (c.destroy(), resolve(true)));
          c.once('error', () => resolve(false));
        });
      },
      { timeoutMs: 10_000, what: `nats-server on ${this.port}` },
    );
  }

  /** Stops the server (SIGTERM, or SIGKILL for a crash) and waits for it to be gone. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const gone = new Promise((r) => p.once('exit', r));
    p.kill(signal);
    await gone;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.startProcess();
  }

  async dispose(): Promise<void> {
    await this.stop('SIGKILL');
    rmSync(this.storeDir, { recursive: true, force: true });
  }
}
