import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestObjectStoreServer } from '@jir/testing';
import { evidenceHarness, PNG, type EvidenceHarness } from './harness.js';

let s3: TestObjectStoreServer;
let h: EvidenceHarness;
beforeAll(async () => {
  s3 = await TestObjectStoreServer.start();
  h = await evidenceHarness({ store: s3.admin });
});
afterAll(async () => {
  await h?.close();
  await s3?.dispose();
});

describe('object store outage (R-NF-6, R-EV-3)', () => {
  it('R-NF-6: the store killed mid-upload gives 503, nothing half-stored; once it is back, uploads work', async () => {
    const recordId = await h.announceRecord();
    const count = async () =>
      Number(
        (
          await h.db
            .selectFrom('evidence')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(48 * 1024 * 1024)]);
    const upload = h.upload(recordId, big);
    await new Promise((r) => setTimeout(r, 150));
    await s3.stopGateway();
    const r = await upload;
    expect(r.status).toBe(503);
    expect(r.body.code).toBe('store-unavailable');
    expect(await count()).toBe(before);
    // While it is down, readiness says so and uploads are refused the same way.
    expect((await fetch(`${h.url}/readyz`)).status).toBe(503);
    expect((await h.upload(recordId, PNG)).status).toBe(503);

    await s3.startGateway();
    const again = await h.upload(recordId, PNG);
    expect(again.status).toBe(201);
    expect(await count()).toBe(before + 1);
  });
});
