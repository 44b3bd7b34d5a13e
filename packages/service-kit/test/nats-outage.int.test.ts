import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestNatsServer, waitFor } from '@jir/testing';
import { createExampleApp } from './example/example-service.js';
import { logger, messagingHarness, serve, testKeys, type MessagingHarness } from './harness.js';

let nats: TestNatsServer;
let h: MessagingHarness;
beforeAll(async () => {
  nats = await TestNatsServer.start();
  h = await messagingHarness({ natsUrl: nats.url });
});
afterAll(async () => {
  await h.close();
  await nats.dispose();
});

describe('bus outage (R-PV-3, R-NF-6)', () => {
  it('R-NF-6: with NATS stopped, requests are still accepted; every effect happens once after it returns', async () => {
    const keys = testKeys();
    const relay = h.relay();
    relay.start();
    const consumer = await h.consumerOf();
    await consumer.start();
    const app = await serve(createExampleApp({ db: h.producer.db, logger, verifier: keys.verifier, relay }));
    const token = await keys.token();
    const post = (i: number) =>
      fetch(`${app.url}/v1/notes`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ caseNumber: `outage-${i % 7}`, content: `note ${i}` }),
      }).then((r) => r.status);

    const before = await Promise.all(Array.from({ length: 100 }, (_, i) => post(i)));
    expect(before.every((s) => s === 201)).toBe(true);
    await waitFor(async () => (await h.effectCounts()).distinct === 100 || undefined, {
      what: 'first 100 effects',
    });

    await nats.stop();
    const during = [];
    for (let i = 100; i < 300; i++) during.push(await post(i));
    expect(during.every((s) => s === 201)).toBe(true);
    // Nothing can leave while the bus is down: the events wait in the outbox.
    expect(await relay.backlog()).toBeGreaterThan(0);

    await nats.restart();
    await waitFor(async () => (await relay.backlog()) === 0 || undefined, {
      timeoutMs: 30_000,
      what: 'outbox drained after restart',
    });
    await waitFor(async () => (await h.effectCounts()).distinct === 300 || undefined, {
      timeoutMs: 30_000,
      what: '300 effects',
    });
    expect(await h.effectCounts()).toEqual({ distinct: 300, doubled: 0 });
    await app.close();
  });
});
