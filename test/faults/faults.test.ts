import { execFile } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestNatsServer, TestObjectStoreServer, waitFor } from '@jir/testing';
import { startSystem, type RunningSystem, type ServiceName } from '../system/services.js';
import { PrivatePostgres } from './private-postgres.js';
import { SteadyLoad } from './steady-load.js';
import { countState, printCounts } from './system-state.js';

// All four services as processes on infrastructure of the test's own (a private PostgreSQL
// cluster, nats-server and radosgw), so that breaking it disturbs nobody else on the machine.
let pgServer: PrivatePostgres;
let nats: TestNatsServer;
let store: TestObjectStoreServer;
let sys: RunningSystem;
let handler: string;
let management: string;
let load: SteadyLoad | undefined;

// Records are received an hour ago, Beijing time, so that they fall in the current quarter.
const receivedAt = new Date(Date.now() - 3_600_000);
const beijing = new Date(receivedAt.getTime() + 8 * 3_600_000);
const quarter = `${beijing.getUTCFullYear()}-Q${Math.floor(beijing.getUTCMonth() / 3) + 1}`;

beforeAll(async () => {
  [pgServer, nats, store] = await Promise.all([
    PrivatePostgres.start(),
    TestNatsServer.start(),
    TestObjectStoreServer.start({ memstoreBytes: 256 * 1024 ** 2 }),
  ]);
  sys = await startSystem({ postgres: pgServer.url, nats: nats.url, objectStore: store.admin });
  handler = await sys.token();
  management = await sys.token({ sub: 'tm-1', roles: ['trial-management'] });
  load = new SteadyLoad(sys, handler, receivedAt.toISOString());
  load.start(2);
}, 240_000);

afterAll(async () => {
  await load?.stop();
  await sys?.stop();
  await Promise.all([pgServer?.dispose(), nats?.dispose(), store?.dispose()]);
}, 120_000);

const REPUBLISH = fileURLToPath(
  new URL('../../packages/service-kit/dist/bin/outbox-republish.js', import.meta.url),
);
const SERVICES: ServiceName[] = ['intake', 'evidence', 'deadlines', 'reporting'];

const startedAt = new Date().toISOString();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Lets the load run on, so that work is in flight when the fault strikes and after it. */
async function underLoad(ms = 1000): Promise<void> {
  const before = load!.tally.records.length;
  await sleep(ms);
  // A load that stalled proves nothing: records must be accepted again (a client may first have
  // to see its request to the crashed service time out).
  await waitFor(() => load!.tally.records.length > before || undefined, {
    timeoutMs: 20_000,
    what: 'records accepted again',
  });
}

// In order whatever the run's shuffle: the faults are phases of one load, and the verdict on
// what was lost or doubled comes after all of them.
describe('faults under a steady load of records and evidence (R-NF-6)', { shuffle: false }, () => {
  for (const name of ['intake', 'evidence', 'deadlines', 'reporting'] as ServiceName[]) {
    it(`R-NF-6: ${name} killed with SIGKILL and restarted; the load goes on`, async () => {
      await underLoad();
      await sys.kill(name, 'SIGKILL');
      await sleep(1000);
      await sys.start(name);
      await underLoad();
    });
  }

  it('R-NF-6: the bus (nats-server) stopped for 3 s and started again with its store', async () => {
    await underLoad();
    await nats.stop('SIGKILL');
    await sleep(3000);
    await nats.restart();
    await sys.ready();
    await underLoad(3000);
  });

  it('R-NF-6: the object store (a private radosgw) killed for 3 s and started again', async () => {
    await underLoad();
    await store.stopGateway();
    await sleep(3000);
    await store.startGateway();
    await sys.ready();
    await underLoad(3000);
  });

  it('R-NF-6: PostgreSQL (a private cluster) stopped immediately, as a crash, and started again', async () => {
    await underLoad();
    await pgServer.stopServer('immediate');
    await sleep(2000);
    await pgServer.startServer();
    // A service that died of the lost connections is restarted so the later faults still run,
    // and this test fails naming it: a service must ride out a database restart.
    await sleep(1000);
    const crashed = sys.exited();
    for (const name of crashed) await sys.start(name);
    await sys.ready();
    expect(crashed, 'services that exited when PostgreSQL restarted').toEqual([]);
    await underLoad(3000);
  });

  it('R-NF-6: NATS restarted with its store wiped while two consumers were down; recovered by re-publishing the outboxes from a point in time', async () => {
    // From the start of the run: consumers may lag by more than the phase lasts, and events they
    // already have are ignored by their inboxes, so a generous point in time costs only time.
    const since = startedAt;
    await underLoad();
    // The deadline monitor and reporting are down: intake's events wait for them in the stream,
    // and the wipe takes them away. Only the outbox (PostgreSQL) still has them.
    await sys.kill('deadlines', 'SIGKILL');
    await sys.kill('reporting', 'SIGKILL');
    await underLoad(1500);
    await nats.stop('SIGKILL');
    for (const f of readdirSync(nats.storeDir))
      rmSync(join(nats.storeDir, f), { recursive: true, force: true });
    await nats.restart();
    // Services create their streams and consumers when they start: restart the two still up too.
    await sys.kill('intake', 'SIGKILL');
    await sys.kill('evidence', 'SIGKILL');
    await Promise.all(SERVICES.map((name) => sys.start(name)));
    for (const name of SERVICES) {
      const { stdout } = await promisify(execFile)(process.execPath, [
        REPUBLISH,
        '--database-url',
        sys.databaseUrl(name),
        '--since',
        since,
      ]);
      process.stdout.write(`[faults] republish ${name}: ${stdout}`);
    }
    await underLoad();
  });

  it('R-NF-6: after recovery every accepted record has exactly its obligations, its evidence and its place in the report', async () => {
    await load!.stop();
    const tally = load!.tally;
    expect(tally.refused).toEqual([]);
    // The load kept going through every fault: dozens of records, a share with evidence.
    expect(tally.records.length).toBeGreaterThanOrEqual(40);
    let counts = await countState(
      sys,
      tally,
      { handler, management },
      { court: 'JL-CC-NG', quarter, before: 0 },
    );
    const deadline = Date.now() + 90_000;
    // Events still travelling settle within seconds; wait for them, then judge.
    while (counts.some((c) => c.lost > 0) && Date.now() < deadline) {
      await sleep(2000);
      counts = await countState(
        sys,
        tally,
        { handler, management },
        { court: 'JL-CC-NG', quarter, before: 0 },
      );
    }
    printCounts(
      'after kill -9 of each service, NATS (also wiped), PostgreSQL and object store restarts',
      counts,
    );
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
