// The evidence-storage findings of the security probe (issue 8), each as a test that failed before its fix.
import { connect } from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadsWhole, integrityEventRaised } from './download-checks.js';
import { evidenceRowCount } from './evidence-rows.js';
import { evidenceHarness, PNG, type EvidenceHarness } from './harness.js';

let h: EvidenceHarness;
let recordId: string;
beforeAll(async () => {
  h = await evidenceHarness({ maxConcurrentUploads: 3, idleTimeoutMs: 1500 });
  recordId = await h.announceRecord();
});
afterAll(() => h?.close());

const rowOf = (id: string) =>
  h.db.selectFrom('evidence').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const count = () => evidenceRowCount(h);

/** Sends raw bytes on one connection and resolves with everything the server answered. */
function rawHttp(
  payload: string | Buffer,
  o: { endAfterWrite?: boolean; timeoutMs?: number } = {},
): Promise<string> {
  const u = new URL(h.url);
  return new Promise((resolve, reject) => {
    const sock = connect(Number(u.port), u.hostname, () => {
      sock.write(payload);
      if (o.endAfterWrite) sock.end();
    });
    const got: Buffer[] = [];
    sock.on('data', (d) => got.push(d));
    sock.on('close', () => resolve(Buffer.concat(got).toString('latin1')));
    sock.on('error', reject);
    sock.setTimeout(o.timeoutMs ?? 20_000, () => sock.destroy());
  });
}

describe('write once on the project’s radosgw (R-EV-3)', () => {
  it('R-EV-3: with the default configuration (100 years), the read-back retention is COMPLIANCE and in the future', async () => {
    const r = await h.upload(recordId, PNG);
    expect(r.status).toBe(201);
    const row = await rowOf(r.body.id);
    const ret = await h.store.client.getObjectRetention(h.store.bucket, row.object_key, {
      versionId: row.version_id!,
    });
    expect(ret?.mode).toBe('COMPLIANCE');
    // Capped below radosgw's 32-bit date limit, not wrapped to 1990.
    expect(Date.parse(ret!.retainUntilDate!)).toBeGreaterThan(Date.now() + 70 * 365 * 86_400_000);
    expect(ret!.retainUntilDate).toMatch(/^2106-01-01T00:00:00/);
  });

  it('R-EV-3: deleting a stored version by id with the service’s own key is refused, and so is changing its lock', async () => {
    const r = await h.upload(recordId, PNG);
    const row = await rowOf(r.body.id);
    const c = h.store.client;
    const v = { versionId: row.version_id! };
    const denied = { code: 'AccessDenied' };
    await expect(c.removeObject(h.store.bucket, row.object_key, v)).rejects.toMatchObject(denied);
    await expect(
      c.removeObject(h.store.bucket, row.object_key, { ...v, governanceBypass: true }),
    ).rejects.toMatchObject(denied);
    // An "extension" past 2106 would wrap to 1989 on radosgw: the key may not touch retention at all.
    await expect(
      c.putObjectRetention(h.store.bucket, row.object_key, {
        ...v,
        mode: 'COMPLIANCE',
        retainUntilDate: '2126-01-01T00:00:00Z',
      }),
    ).rejects.toMatchObject(denied);
    await expect(
      c.setObjectLockConfig(h.store.bucket, { mode: 'GOVERNANCE', unit: 'Days', validity: 1 }),
    ).rejects.toMatchObject(denied);
    await expect(c.setBucketPolicy(h.store.bucket, '')).rejects.toMatchObject(denied);
    await expect(c.makeBucket(`${h.store.bucket}-own`, 'us-east-1')).rejects.toMatchObject(denied);
    // Even the administrator cannot delete a locked version.
    await expect(h.admin.removeObject(h.store.bucket, row.object_key, v)).rejects.toThrow(/object lock/i);
    const still = await c.statObject(h.store.bucket, row.object_key, v);
    expect(still.size).toBe(PNG.length);
  });

  it('R-EV-3: a bucket whose default lock is GOVERNANCE (or too long for the store) is refused, and readiness says so', async () => {
    const { ObjectStore, NotWormError } = await import('../src/store/object-store.js');
    const opts = {
      endpoint: h.s3.endpoint,
      accessKey: h.s3.accessKey,
      secretKey: h.s3.secretKey,
      bucket: h.store.bucket,
      partSizeBytes: 8 * 1024 * 1024,
      retentionYears: 100,
      mode: 'worm' as const,
    };
    // A cap the default period (1 day) overruns stands for a period radosgw would wrap.
    const tooLong = new ObjectStore({ ...opts, retainUntilMax: new Date(Date.now() + 3_600_000) });
    await expect(tooLong.ensureBucket()).rejects.toBeInstanceOf(NotWormError);
    expect((await fetch(`${h.url}/readyz`)).status).toBe(200);
    await h.admin.setObjectLockConfig(h.store.bucket, { mode: 'GOVERNANCE', unit: 'Days', validity: 1 });
    try {
      const gov = new ObjectStore({ ...opts, retainUntilMax: new Date('2106-01-01T00:00:00Z') });
      await expect(gov.ensureBucket()).rejects.toThrow(/COMPLIANCE/);
      const ready = await fetch(`${h.url}/readyz`);
      expect(ready.status).toBe(503);
    } finally {
      await h.admin.setObjectLockConfig(h.store.bucket, { mode: 'COMPLIANCE', unit: 'Days', validity: 1 });
    }
  });
});

describe('downloads serve the stored version, verified (R-EV-3)', () => {
  it('R-EV-3: a forged version at the same key does not change what is served', async () => {
    const original = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(2000)]);
    const r = await h.upload(recordId, original);
    const row = await rowOf(r.body.id);
    // The service's own key can add versions; it must not matter.
    await h.store.client.putObject(h.store.bucket, row.object_key, Buffer.from('%PDF-1.7\nforged'));
    const res = await h.call('GET', `/v1/evidence/${r.body.id}/content`);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(original)).toBe(true);
  });

  it('R-EV-3: after a delete marker at the key, the download still serves the stored version', async () => {
    const r = await h.upload(recordId, PNG);
    const row = await rowOf(r.body.id);
    await h.admin.removeObject(h.store.bucket, row.object_key); // a delete marker, as the owner can add
    const res = await h.call('GET', `/v1/evidence/${r.body.id}/content`);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it('R-EV-3: bytes that do not match the recorded digests end the transfer incomplete and raise the integrity event', async () => {
    const r = await h.upload(recordId, Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(5000)]));
    await h.tamperRow(r.body.id, { sha256: 'f'.repeat(64) });
    // Either the headers went out and the body is cut short, or nothing did: never a whole transfer.
    expect(await downloadsWhole(h, r.body.id)).toBe(false);
    await integrityEventRaised(h, r.body.id);
  });

  it('R-NF-7: Range bytes=-0 is 416, not the whole file', async () => {
    const r = await h.upload(recordId, PNG);
    const res = await h.call('GET', `/v1/evidence/${r.body.id}/content`, { headers: { range: 'bytes=-0' } });
    expect(res.status).toBe(416);
    expect(((await res.json()) as { message: { en: string } }).message.en).toBeTruthy();
  });
});

describe('uploads that go wrong (R-NF-7, R-NF-3)', () => {
  it('R-NF-7: a multipart body without its closing boundary, from a token with no roles for an unknown record, is a 4xx and the service still answers', async () => {
    const token = await h.token({ roles: [] });
    const boundary = 'XyZ';
    const body =
      `--${boundary}\r\nContent-Disposition: form-data; name="size"\r\n\r\n10\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n` +
      `Content-Type: image/png\r\n\r\n0123`;
    const answer = await rawHttp(
      `POST /v1/evidence?recordId=${crypto.randomUUID()} HTTP/1.1\r\nHost: x\r\n` +
        `Authorization: Bearer ${token}\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
    const status = Number(/^HTTP\/1\.1 (\d+)/.exec(answer)?.[1]);
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    // The harness serves in this process: had the stream error gone unhandled, the test run would have died.
    await new Promise((r) => setTimeout(r, 300));
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
    expect((await h.upload(recordId, PNG)).status).toBe(201);
  });

  it('R-NF-7: the same cut-off form for a known record is a 4xx, nothing stored', async () => {
    const before = await count();
    const boundary = 'XyZ';
    const body =
      `--${boundary}\r\nContent-Disposition: form-data; name="size"\r\n\r\n100\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nhello`;
    const answer = await rawHttp(
      `POST /v1/evidence?recordId=${recordId} HTTP/1.1\r\nHost: x\r\n` +
        `Authorization: Bearer ${await h.token()}\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
    expect(Number(/^HTTP\/1\.1 (\d+)/.exec(answer)?.[1])).toBe(400);
    expect(await count()).toBe(before);
  });

  it('R-NF-3: uploads beyond the limit in flight get 503 with Retry-After; an idle body fails with nothing stored', async () => {
    const before = await count();
    const token = await h.token();
    // Three uploads that announce 1 MB and send 10 bytes, then stop: they hold every slot.
    const stalled = [1, 2, 3].map(() =>
      rawHttp(
        `POST /v1/evidence?recordId=${recordId} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n` +
          `Content-Type: application/octet-stream\r\nContent-Length: 1048576\r\n\r\n%PDF-1.7\n\n`,
      ),
    );
    await new Promise((r) => setTimeout(r, 400));
    const refused = await h.upload(recordId, PNG);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(refused.body.message.zh && refused.body.message.en).toBeTruthy();
    // The idle timeout (1.5 s here, 30 s by default) ends them: 408, nothing stored, slots free.
    const answers = await Promise.all(stalled);
    for (const a of answers) expect(a).toMatch(/^HTTP\/1\.1 408/);
    expect(await count()).toBe(before);
    expect((await h.upload(recordId, PNG)).status).toBe(201);
  });
});
