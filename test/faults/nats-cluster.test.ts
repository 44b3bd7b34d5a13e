import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@jir/testing';
import { startSystem, type RunningSystem } from '../system/services.js';
import { TestNatsCluster } from './nats-cluster.js';
import { judgeLoad, startSteadyLoad, underLoad as loadGoesOn, type LoadRun } from './steady-load.js';

// All four services as processes on a three-node JetStream cluster of the test's own (explicit
// routes on loopback, every stream R3), as deploy/compose.yaml runs them; PostgreSQL and the
// object store are the machine's, since only the bus is broken here.
let cluster: TestNatsCluster;
let sys: RunningSystem;
let run: LoadRun | undefined;
let killed = '';

beforeAll(async () => {
  cluster = await TestNatsCluster.start(3);
  // NATS_URL names all three nodes: each service's client connects to one and fails over.
  sys = await startSystem({ nats: cluster.url, env: { NATS_STREAM_REPLICAS: '3' } });
  run = await startSteadyLoad(sys);
}, 240_000);

afterAll(async () => {
  await run?.load.stop();
  await sys?.stop();
  await cluster?.dispose();
}, 120_000);

/** Lets the load run on and requires it to make progress (records accepted again). */
const underLoad = (ms = 1000) => loadGoesOn(run!.load, ms, 30_000);

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
    await judgeLoad(sys, run!, {
      phase: `three-node NATS cluster, ${killed} killed`,
      minRecords: 20,
      beforeJudging: async () => {
        for (const line of await cluster.consumerStates(''))
          process.stdout.write(`[faults] consumer ${line}\n`);
      },
    });
  }, 180_000);
});
