import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '@jir/testing';
import { buildEvent } from '@jir/contracts';
import { appendEvent } from '../src/index.js';
import { noteCreated } from './example/example-service.js';
import { messagingHarness, type MessagingHarness } from './harness.js';

// Each test gets databases, a namespace and a stream of its own: its stream and outbox counts are exact,
// so messages another test left behind would change them.
let h: MessagingHarness;
beforeEach(async () => {
  h = await messagingHarness();
});
afterEach(() => h.close());

const worker = fileURLToPath(new URL('./fixtures/crashing-worker.ts', import.meta.url));

/** Runs the crashing worker and resolves with how it ended. */
function runWorker(role: 'relay' | 'consumer', databaseUrl: string) {
  return new Promise<{ signal: string | null; out: string }>((resolve, reject) => {
    const args = { role, databaseUrl, natsUrl: h.natsUrl, namespace: h.namespace, stream: h.stream };
    const p = spawn(process.execPath, ['--import', 'tsx', worker, JSON.stringify(args)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.once('error', reject);
    p.once('exit', (_code, signal) => resolve({ signal, out }));
  });
}

async function produce(n: number, caseNumber: string) {
  await h.producer.db.transaction().execute(async (trx) => {
    for (let i = 1; i <= n; i++) {
      const e = buildEvent(noteCreated, {
        court: 'JL-CC-NG',
        aggregateId: caseNumber,
        actor: null,
        data: { noteId: crypto.randomUUID(), caseNumber, seqInCase: i },
      });
      await appendEvent(trx, noteCreated, e);
    }
  });
}

describe('crash recovery (R-PV-3, R-NF-6)', () => {
  it('R-NF-6: the relay killed between publish and mark republishes after restart, and no effect is doubled', async () => {
    await produce(50, 'relay-crash');
    const run = await runWorker('relay', h.producer.pool.options.connectionString!);
    expect(run.signal).toBe('SIGKILL');
    expect(run.out).toContain('dying');
    // The kill left every row unmarked although the stream already has them.
    const unmarked = await h.producer.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('published_at', 'is', null)
      .executeTakeFirstOrThrow();
    expect(Number(unmarked.n)).toBe(50);
    const info = await h.producerBus.jsm.streams.info(h.stream);
    expect(info.state.messages).toBe(50);

    const relay = h.relay();
    relay.start();
    await waitFor(async () => (await relay.backlog()) === 0 || undefined, { what: 'outbox drained' });
    // JetStream dropped the republished copies by msgID.
    expect((await h.producerBus.jsm.streams.info(h.stream)).state.messages).toBe(50);
    const consumer = await h.consumerOf();
    await consumer.start();
    await waitFor(async () => (await h.effectCounts()).distinct === 50 || undefined, { what: '50 effects' });
    expect(await h.effectCounts()).toEqual({ distinct: 50, doubled: 0 });
    await consumer.stop();
  });

  it('R-NF-6: the consumer killed after its effect but before its ack gets a redelivery that changes nothing', async () => {
    await produce(1, 'consumer-crash');
    // Its own relay puts the event on the stream (no other test's relay is running here).
    const relay = h.relay();
    relay.start();
    await waitFor(async () => (await relay.backlog()) === 0 || undefined, { what: 'the event published' });
    await relay.stop();
    const before = (await h.effectCounts()).distinct;
    const run = await runWorker('consumer', h.consumer.pool.options.connectionString!);
    expect(run.signal).toBe('SIGKILL');
    // The effect committed before the kill.
    expect((await h.effectCounts()).distinct).toBe(before + 1);

    const consumer = await h.consumerOf();
    await consumer.start();
    // The unacked message comes back after ack_wait (2 s) and is recognised by the inbox.
    await waitFor(async () => (await consumer.lag()) === 0 || undefined, {
      timeoutMs: 20_000,
      what: 'redelivery acknowledged',
    });
    expect(await h.effectCounts()).toEqual({ distinct: before + 1, doubled: 0 });
  });
});
