import { describe, expect, it } from 'vitest';
import { waitFor } from '@jir/testing';
import { createShutdown } from '../src/index.js';
import { createExampleApp } from './example/example-service.js';
import { logger, messagingHarness, serve, testKeys } from './harness.js';

describe('graceful shutdown', () => {
  it('R-PV-3: a graceful shutdown (SIGTERM-style, not the kill -9 of R-NF-6) under load ends within its bound and loses nothing that was accepted', async () => {
    const h = await messagingHarness();
    try {
      const keys = testKeys();
      const relay = h.relay();
      relay.start();
      const consumer = await h.consumerOf();
      await consumer.start();
      const app = await serve(
        createExampleApp({ db: h.producer.db, logger, verifier: keys.verifier, relay }),
      );
      const token = await keys.token();
      let exitCode: number | undefined;
      const shutdown = createShutdown({ logger, timeoutMs: 5_000, exit: (c) => (exitCode = c) });
      shutdown.add('http', () => app.close());
      shutdown.add('consumer', () => consumer.stop());
      shutdown.add('relay', () => relay.stop());

      const accepted: string[] = [];
      let refused = 0;
      const load = Promise.all(
        Array.from({ length: 8 }, async (_, w) => {
          for (let i = 0; i < 1000; i++) {
            try {
              const r = await fetch(`${app.url}/v1/notes`, {
                method: 'POST',
                headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
                body: JSON.stringify({ caseNumber: `load-${w}`, content: `n${i}` }),
              });
              if (r.status === 201) accepted.push(((await r.json()) as { id: string }).id);
              else refused++;
            } catch {
              return; // connection refused: the server is gone
            }
          }
        }),
      );
      // Under way before the shutdown: a busy machine may take a while to accept the first 200.
      await waitFor(() => accepted.length >= 200 || undefined, {
        timeoutMs: 90_000,
        what: '200 accepted notes',
      });
      const t0 = Date.now();
      await shutdown.run('test');
      const took = Date.now() - t0;
      await load;
      expect(took).toBeLessThan(5_000);
      expect(exitCode).toBeUndefined(); // no forced exit
      expect(refused).toBe(0);

      // Everything accepted is stored, and its event is either published or still waiting in the outbox.
      const stored = await h.producer.db.selectFrom('notes').select('id').execute();
      expect(new Set(stored.map((r) => r.id))).toEqual(new Set(accepted));
      const outbox = await h.producer.db
        .selectFrom('outbox')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(outbox.n)).toBe(accepted.length);

      // A restarted relay and consumer finish the job: every effect exactly once.
      const relay2 = h.relay();
      relay2.start();
      const consumer2 = await h.consumerOf();
      await consumer2.start();
      await waitFor(async () => (await h.effectCounts()).distinct === accepted.length || undefined, {
        timeoutMs: 90_000,
      });
      expect((await h.effectCounts()).doubled).toBe(0);
    } finally {
      await h.close();
    }
  });

  it('a step that hangs is cut off by the timeout and the exit is forced', async () => {
    let exitCode: number | undefined;
    const s = createShutdown({ logger, timeoutMs: 200, exit: (c) => (exitCode = c) });
    const order: string[] = [];
    s.add('first', () => void order.push('first'));
    s.add('hangs', () => new Promise(() => order.push('hangs')));
    void s.run('test');
    await waitFor(() => exitCode !== undefined || undefined, { timeoutMs: 2_000 });
    expect(exitCode).toBe(1);
    expect(order).toEqual(['first', 'hangs']);
  });
});
