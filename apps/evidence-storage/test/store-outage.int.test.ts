import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestObjectStoreServer, waitFor } from '@jir/testing';
import { sweepAbandonedUploads } from '../src/store/abandoned-uploads.js';
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

const pdf = (bytes: number) => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(bytes)]);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const tm = { sub: 'tm-1', division: 'tm', roles: ['trial-management'] };

/** Evidence rows, the bucket's objects and its open multipart uploads, as the administrator sees them. */
async function storeState() {
  const rows = await h.db.selectFrom('evidence').select(['id', 'object_key']).execute();
  const objects: string[] = [];
  for await (const o of h.admin.listObjectsV2(h.store.bucket, '', true) as AsyncIterable<{ name?: string }>)
    if (o.name) objects.push(o.name);
  // ListMultipartUploads itself (minio's listIncompleteUploads also lists parts, which radosgw
  // refuses to any key but the upload's initiator); one page holds this test's few.
  const open = await h.admin.listIncompleteUploadsQuery(h.store.bucket, '', '', '', '');
  expect(open.isTruncated).toBe(false);
  return { rows, objects: objects.sort(), uploads: open.uploads.map((u) => `${u.key} ${u.uploadId}`) };
}

/** Bytes of the parts stored so far of the open uploads under a prefix, as the service's key sees them. */
async function storedPartBytes(prefix: string): Promise<number> {
  // listParts is protected in minio's types; the initiator's key may call it.
  const client = h.store.client as unknown as {
    listParts(b: string, k: string, id: string): Promise<{ size: number }[]>;
  };
  let n = 0;
  for (const u of await h.store.openUploads(prefix))
    for (const p of await client.listParts(h.store.bucket, u.key, u.uploadId)) n += p.size;
  return n;
}

/** The gateway's process and port, to pause and look at it. */
const gatewayPid = () => Number(readFileSync(join(s3.dir, 'run', 'client.rgw.a.pid'), 'utf8').trim());
const gatewayPort = () => new URL(s3.endpoint).port;

/**
 * Bytes the paused gateway has not read from an upload connection: with the gateway stopped
 * (SIGSTOP), a part being sent piles up in the kernel's receive queue of the gateway's socket; an
 * idle keep-alive connection has none.
 */
function bytesInFlightToGateway(): number {
  const out = execFileSync('ss', ['-tnH', 'state', 'established', `( sport = :${gatewayPort()} )`], {
    encoding: 'utf8',
  });
  return out
    .split('\n')
    .filter(Boolean)
    .reduce((n, line) => n + Number(line.trim().split(/\s+/)[0] ?? 0), 0);
}

describe('object store outage (R-NF-6, R-EV-3)', () => {
  it('R-NF-6: the store unreachable before an upload gives 503, nothing stored; once it is back, uploads work', async () => {
    const recordId = await h.announceRecord();
    const before = (await storeState()).rows.length;
    await s3.stopGateway();
    try {
      const r = await h.upload(recordId, PNG);
      expect(r.status).toBe(503);
      expect(r.body.code).toBe('store-unavailable');
      // While it is down, readiness says so.
      expect((await fetch(`${h.url}/readyz`)).status).toBe(503);
      expect((await storeState().catch(() => null)) ?? 'unreachable').toBe('unreachable');
    } finally {
      await s3.startGateway();
    }
    expect((await storeState()).rows.length).toBe(before);
    const again = await h.upload(recordId, PNG);
    expect(again.status).toBe(201);
    expect((await storeState()).rows.length).toBe(before + 1);
  });

  it('R-NF-6, R-EV-1, R-EV-3: the store killed in the middle of a part: 503; no row without its object, nothing acknowledged lost, no multipart upload left open', async () => {
    const recordId = await h.announceRecord();
    // Acknowledged before the outage: a single-request upload and a multipart one (20 MiB, 8 MiB parts).
    const acknowledged: { id: string; bytes: Buffer }[] = [];
    for (const bytes of [pdf(1024), pdf(20 * 1024 * 1024)]) {
      const r = await h.upload(recordId, bytes);
      expect(r.status).toBe(201);
      acknowledged.push({ id: r.body.id, bytes });
    }
    const before = await storeState();
    expect(before.uploads).toEqual([]);

    // 48 MiB: six parts. Once the store holds the first part of its open upload, the gateway is
    // paused; if bytes of the next part are waiting at its socket, it is killed there, mid-part;
    // otherwise (between two parts) it runs on a moment and is looked at again.
    const upload = h.upload(recordId, pdf(48 * 1024 * 1024));
    const prefix = `JL-CC-NG/${recordId}/`;
    await waitFor(async () => ((await storedPartBytes(prefix)) > 0 ? true : undefined), {
      timeoutMs: 60_000,
      what: 'a part of the 48 MiB upload stored',
      intervalMs: 10,
    });
    let inFlight = 0;
    for (let i = 0; i < 200 && inFlight === 0; i++) {
      process.kill(gatewayPid(), 'SIGSTOP');
      await new Promise((r) => setTimeout(r, 50));
      inFlight = bytesInFlightToGateway();
      if (inFlight === 0) {
        process.kill(gatewayPid(), 'SIGCONT');
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    expect(inFlight, 'bytes of a part on their way to the paused gateway').toBeGreaterThan(0);
    await s3.stopGateway(); // SIGKILL, which a stopped process receives too
    const r = await upload;
    expect(r.status).toBe(503);
    expect(r.body.code).toBe('store-unavailable');
    // No row for the upload that failed, and no answer was given for it.
    expect((await storeState().catch(() => null)) ?? 'unreachable').toBe('unreachable');
    expect((await h.db.selectFrom('evidence').select('id').execute()).length).toBe(before.rows.length);

    await s3.startGateway();
    // The service aborts the failed upload's multipart upload once the store answers again (it
    // retries every 5 s): no parts are left in the bucket that nothing would ever complete.
    await waitFor(async () => ((await storeState()).uploads.length === 0 ? true : undefined), {
      timeoutMs: 60_000,
      what: 'the open multipart upload aborted',
    });
    const after = await storeState();
    expect(after.rows).toEqual(expect.arrayContaining(before.rows));
    expect(after.rows.length).toBe(before.rows.length);
    expect(after.objects).toEqual(before.objects);
    // Every row has its object and every object its row (the reconciler's view agrees).
    expect(after.rows.map((x) => x.object_key).sort()).toEqual(after.objects);
    const rec = await (await h.call('GET', '/v1/reconciliation', { as: tm })).json();
    expect(rec).toMatchObject({ objectsWithoutMetadata: [], metadataWithoutObject: [] });
    // What was acknowledged before the outage reads back whole.
    for (const a of acknowledged) {
      const dl = await h.call('GET', `/v1/evidence/${a.id}/content`);
      expect(dl.status).toBe(200);
      expect(sha(Buffer.from(await dl.arrayBuffer()))).toBe(sha(a.bytes));
    }
    // And the store takes uploads again.
    const again = await h.upload(recordId, pdf(9 * 1024 * 1024));
    expect(again.status).toBe(201);
    const last = await storeState();
    expect(last.rows.length).toBe(before.rows.length + 1);
    expect(last.objects.length).toBe(before.objects.length + 1);
    expect(last.uploads).toEqual([]);
  });

  it('R-EV-3: an upload a process left open when it died is aborted by the sweep once it is a day old, not before', async () => {
    // As a service process killed mid-upload leaves it: begun with the service's key, never finished.
    const key = `JL-CC-NG/${crypto.randomUUID()}/${crypto.randomUUID()}`;
    const client = h.store.client as unknown as {
      initiateNewMultipartUpload(b: string, k: string, headers: Record<string, string>): Promise<string>;
    };
    const uploadId = await client.initiateNewMultipartUpload(h.store.bucket, key, {});
    expect((await storeState()).uploads).toContain(`${key} ${uploadId}`);
    const { initiated } = (await h.store.openUploads(key))[0]!;
    // The sweep's cut-off lies a day back: an upload begun after it may still be streaming.
    expect(await sweepAbandonedUploads(h.store, new Date(initiated.getTime() - 1))).toBe(0);
    expect((await storeState()).uploads).toContain(`${key} ${uploadId}`);
    expect(await sweepAbandonedUploads(h.store, new Date(initiated.getTime() + 1000))).toBe(1);
    expect((await storeState()).uploads).not.toContain(`${key} ${uploadId}`);
  });
});
