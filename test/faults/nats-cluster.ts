import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { freePort, waitFor } from '@jir/testing';

interface Node {
  name: string;
  clientPort: number;
  routePort: number;
  dir: string;
  proc?: ChildProcess;
}

/**
 * Three private nats-server processes on loopback forming one JetStream
 * cluster with explicit routes, as deploy/compose.yaml runs them, so that a
 * test can kill one node without disturbing the machine's shared server.
 * Each node keeps its port and store across a restart, like a real node
 * coming back.
 */
export class TestNatsCluster {
  private constructor(
    private readonly nodes: Node[],
    private readonly root: string,
    private readonly bin: string,
  ) {}

  static async start(
    size = 3,
    bin = process.env['NATS_SERVER_BIN'] ?? '/usr/sbin/nats-server',
  ): Promise<TestNatsCluster> {
    const root = mkdtempSync(join(tmpdir(), 'jir-nats-cluster-'));
    const nodes: Node[] = [];
    for (let i = 1; i <= size; i++) {
      nodes.push({
        name: `n${i}`,
        clientPort: await freePort(),
        routePort: await freePort(),
        dir: join(root, `n${i}`),
      });
    }
    const cluster = new TestNatsCluster(nodes, root, bin);
    for (const n of nodes) cluster.writeConfig(n);
    await Promise.all(nodes.map((n) => cluster.spawnNode(n)));
    await cluster.jetStreamReady();
    return cluster;
  }

  /** Every node's client address, comma-separated: what NATS_URL takes for a cluster. */
  get url(): string {
    return this.nodes.map((n) => `nats://127.0.0.1:${n.clientPort}`).join(',');
  }

  /** The node names (server_name), n1… */
  get names(): string[] {
    return this.nodes.map((n) => n.name);
  }

  private node(name: string): Node {
    const n = this.nodes.find((x) => x.name === name);
    if (!n) throw new Error(`no node ${name}`);
    return n;
  }

  private writeConfig(n: Node): void {
    const routes = this.nodes.filter((o) => o !== n).map((o) => `nats-route://127.0.0.1:${o.routePort}`);
    writeFileSync(
      join(this.root, `${n.name}.conf`),
      [
        `server_name: ${n.name}`,
        `listen: 127.0.0.1:${n.clientPort}`,
        `jetstream { store_dir: "${n.dir}" }`,
        `cluster {`,
        `  name: jir-test`,
        `  listen: 127.0.0.1:${n.routePort}`,
        `  routes: [${routes.join(', ')}]`,
        `}`,
        '',
      ].join('\n'),
    );
  }

  private async spawnNode(n: Node): Promise<void> {
    const proc = spawn(this.bin, ['-c', join(this.root, `${n.name}.conf`)], { stdio: 'ignore' });
    n.proc = proc;
    await waitFor(
      async () => {
        if (proc.exitCode !== null) throw new Error(`nats-server ${n.name} exited with ${proc.exitCode}`);
        try {
          const nc = await connect({ servers: `127.0.0.1:${n.clientPort}`, timeout: 1000, reconnect: false });
          await nc.close();
          return true;
        } catch {
          return undefined;
        }
      },
      { timeoutMs: 15_000, what: `nats-server ${n.name} on ${n.clientPort}` },
    );
  }

  /** Resolves once the cluster has elected a JetStream meta leader (account info answers). */
  async jetStreamReady(timeoutMs = 30_000): Promise<void> {
    await waitFor(
      async () => {
        const nc = await connect({ servers: this.url.split(','), timeout: 1000 }).catch(() => undefined);
        if (!nc) return undefined;
        try {
          const jsm = await jetstreamManager(nc, { timeout: 2000 });
          await jsm.getAccountInfo();
          return true;
        } catch {
          return undefined;
        } finally {
          await nc.close();
        }
      },
      { timeoutMs, what: 'the NATS cluster elected a JetStream leader' },
    );
  }

  /** Runs `fn` with a JetStream manager on a connection of its own to the cluster, closed after. */
  private async withManager<T>(fn: (jsm: JetStreamManager) => Promise<T>): Promise<T> {
    const nc = await connect({ servers: this.url.split(','), timeout: 2000 });
    try {
      return await fn(await jetstreamManager(nc, { timeout: 5000 }));
    } finally {
      await nc.close();
    }
  }

  /** A stream's leader node and its replicas' node names, as the cluster reports them. */
  async streamPlacement(
    stream: string,
  ): Promise<{ leader: string; replicas: string[]; numReplicas: number }> {
    return this.withManager(async (jsm) => {
      const info = await jsm.streams.info(stream);
      return {
        leader: info.cluster?.leader ?? '',
        replicas: (info.cluster?.replicas ?? []).map((r) => r.name),
        numReplicas: info.config.num_replicas,
      };
    });
  }

  /** What each node leads (streams and durable consumers, as `stream` or `stream/consumer`). */
  async leadership(): Promise<Map<string, string[]>> {
    return this.withManager(async (jsm) => {
      const led = new Map<string, string[]>(this.names.map((n) => [n, []]));
      for await (const s of jsm.streams.list()) {
        led.get(s.cluster?.leader ?? '')?.push(s.config.name);
        for await (const c of jsm.consumers.list(s.config.name))
          led.get(c.cluster?.leader ?? '')?.push(`${s.config.name}/${c.name}`);
      }
      return led;
    });
  }

  /** Names of the streams whose names start with the prefix (a test run's namespace). */
  async streams(prefix: string): Promise<string[]> {
    return this.withManager(async (jsm) => {
      const names: string[] = [];
      for await (const s of jsm.streams.list()) {
        if (s.config.name.startsWith(prefix)) names.push(s.config.name);
      }
      return names;
    });
  }

  /**
   * Each durable consumer's state on the streams whose names start with the prefix: where it is
   * led and what it still holds, printed beside a verdict so that a stalled consumer is named.
   */
  async consumerStates(prefix: string): Promise<string[]> {
    return this.withManager(async (jsm) => {
      const lines: string[] = [];
      for await (const s of jsm.streams.list()) {
        if (!s.config.name.startsWith(prefix)) continue;
        for await (const c of jsm.consumers.list(s.config.name)) {
          lines.push(
            `${s.config.name}/${c.name}: leader ${c.cluster?.leader ?? '?'}, delivered ${c.delivered.stream_seq}, ack floor ${c.ack_floor.stream_seq}, pending ${c.num_pending}, ack pending ${c.num_ack_pending}, waiting pulls ${c.num_waiting}`,
          );
        }
      }
      return lines;
    });
  }

  /** Kills one node (SIGKILL by default: a crash) and waits for it to be gone. */
  async stopNode(name: string, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const p = this.node(name).proc;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const gone = new Promise((r) => p.once('exit', r));
    p.kill(signal);
    await gone;
  }

  /** Starts a stopped node again on its port with its store. */
  async startNode(name: string): Promise<void> {
    await this.spawnNode(this.node(name));
  }

  async dispose(): Promise<void> {
    await Promise.all(this.nodes.map((n) => this.stopNode(n.name)));
    rmSync(this.root, { recursive: true, force: true });
  }
}
