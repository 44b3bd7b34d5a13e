import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@jir/testing';
import { startSystem, type RunningSystem } from '../system/services.js';
import { TestNatsCluster } from './nats-cluster.js';
import { SteadyLoad } from './steady-load.js';
import { countState, printCounts, type Count } from './system-state.js';

// All four services as processes on a three-node JetStream cluster of the test's own (explicit
// routes on loopback, every stream R3), as deploy/compose.yaml runs them; PostgreSQL and the
// object store are the machine's, since only the bus is broken here.
let cluster: TestNatsCluster;
let sys: RunningSystem;
let handler: string;
let management: string;
let load: SteadyLoad | undefined;
let killed = '';

// Records are received an hour ago, Beijing time, so that they fall in the current quarter.
const receivedAt = new Date(Date.now() - 3_600_000);
const beijing = new Date(receivedAt.getTime() + 8 * 3_600_000);
const quarter = `${beijing.getUTCFullYear()}-Q${Math.floor(beijing.getUTCMonth() / 3) + 1}`;

beforeAll(async () => {
  cluster = await TestNatsCluster.start(3);
  // NATS_URL names all three nodes: each service's client connects to one and fails over.
  sys = await startSystem({ nats: cluster.url, env: { NATS_STREAM_REPLICAS: '3' } });
  handler = await sys.token();
  management = await sys.token({ sub: 'tm-1', roles: ['trial-management'] });
  load = new SteadyLoad(sys, handler, receivedAt.toISOString());
  load.start(2);
}, 240_000);

afterAll(async () => {
  await load?.stop();
  await sys?.stop();
  await cluster?.dispose();
}, 120_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Lets the load run on and requires it to make progress (records accepted again). */
async function underLoad(ms = 1000): Promise<void> {
  const before = load!.tally.records.length;
  await sleep(ms);
  await waitFor(() => load!.tally.records.length > before || undefined, {
    timeoutMs: 30_000,
    what: 'records accepted again',
  });
}

// In order whatever the run's shuffle: the faults are phases of one load, and the verdict on
// what was lost or doubled comes after all of them.
describe('a three-node NATS cluster losing one node under a steady load (R-NF-6)', { shuffle: false }, () => {
  it('R-NF-6: every stream the services create is replicated on all three nodes (R3)', async () => {
    await underLoad();
    const streams = await cluster.streams('');
    // intake, evidence storage, the deadline monitor and reporting each produce one.
    expect(streams.length).toBeGreaterThanOrEqual(4);
    for (const s of streams) {
      const p = await cluster.streamPlacement(s);
      expect({ stream: s, replicas: p.numReplicas, peers: p.replicas.length + 1 }).toEqual({
        stream: s,
        replicas: 3,
        peers: 3,
      });
    }
  });

  it('R-NF-6: the node leading the most streams and consumers killed with SIGKILL; the two left elect new leaders and the load goes on', async () => {
    await underLoad();
    // The node whose loss forces the most elections under the load.
    const led = [...(await cluster.leadership())].sort((a, b) => b[1].length - a[1].length);
    const [node, leads] = led[0]!;
    killed = node;
    expect(leads.length).toBeGreaterThan(0);
    await cluster.stopNode(killed, 'SIGKILL');
    process.stdout.write(`[faults] nats cluster: killed ${killed}, leader of ${leads.join(', ')}\n`);
    await waitFor(
      async () => {
        const now = await cluster.leadership().catch(() => undefined);
        const orphans = now && leads.filter((x) => ![...now.values()].some((l) => l.includes(x)));
        return orphans?.length === 0 || undefined;
      },
      { timeoutMs: 30_000, what: `new leaders for what ${killed} led` },
    );
    await sys.ready();
    // Long enough for every service's client to have failed over and its consumers to pull again.
    await underLoad(5000);
    expect(sys.exited(), 'services that exited when a NATS node was lost').toEqual([]);
  }, 120_000);

  it('R-NF-6: with one node still down, every accepted record has exactly its obligations, its evidence and its place in the report', async () => {
    await load!.stop();
    const tally = load!.tally;
    expect(tally.refused).toEqual([]);
    expect(tally.records.length).toBeGreaterThanOrEqual(20);
    const read = () =>
      countState(sys, tally, { handler, management }, { court: 'JL-CC-NG', quarter, before: 0 });
    let counts: Count[] = await read();
    const deadline = Date.now() + 90_000;
    // Events still travelling settle within seconds; wait for them, then judge.
    while (counts.some((c) => c.lost > 0) && Date.now() < deadline) {
      await sleep(2000);
      counts = await read();
    }
    printCounts(`three-node NATS cluster, ${killed} killed`, counts);
    for (const line of await cluster.consumerStates('')) process.stdout.write(`[faults] consumer ${line}\n`);
    for (const c of counts) {
      expect({ what: c.what, lost: c.lost, doubled: c.doubled }).toEqual({
        what: c.what,
        lost: 0,
        doubled: 0,
      });
      expect(c.found).toBe(c.accepted);
    }
    expect(counts[0]!.accepted).toBe(counts[0]!.sent);
  }, 180_000);
});
