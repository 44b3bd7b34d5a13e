// Uploads cut into parts sent two at a time, with both digests computed on the digest threads,
// and downloads verified there (R-NF-3): what the parts path must keep of the single-stream one.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@jir/testing';
import { downloadsWhole, integrityEventRaised } from './download-checks.js';
import { evidenceRowCount } from './evidence-rows.js';
import { evidenceHarness, type EvidenceHarness } from './harness.js';

const MiB = 1024 * 1024;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const sm3 = (b: Buffer) => createHash('sm3').update(b).digest('hex');
const pdf = (bytes: number) => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(bytes - 9)]);

let h: EvidenceHarness;
let recordId: string;
beforeAll(async () => {
  h = await evidenceHarness();
  recordId = await h.announceRecord();
});
afterAll(() => h?.close());

/** Open multipart uploads under this record's keys: a refused upload must leave none. */
const openUploads = async () =>
  (await h.store.openUploads('')).filter((u) => u.key.includes(`/${recordId}/`));

describe('uploads in parts (8 MiB parts in the harness)', () => {
  it('R-NF-3, R-EV-2: files of exactly two parts and of five parts and a byte are stored whole, with both digests, and download identical', async () => {
    for (const file of [pdf(16 * MiB), pdf(40 * MiB + 1)]) {
      const r = await h.upload(recordId, file, { name: 'scan.pdf' });
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ size: file.length, sha256: sha(file), sm3: sm3(file) });
      const dl = await h.call('GET', `/v1/evidence/${r.body.id}/content`);
      expect(dl.status).toBe(200);
      expect(Buffer.from(await dl.arrayBuffer()).equals(file)).toBe(true);
    }
    expect(await openUploads()).toEqual([]);
  });

  it('R-NF-7, R-EV-1: a multi-part body whose SHA-256 differs from the one the client sent is refused 422; nothing stored, no upload left open', async () => {
    const before = await evidenceRowCount(h);
    const file = pdf(20 * MiB);
    const r = await h.upload(recordId, file, { headers: { 'content-sha256': sha(pdf(1000)) } });
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('digest-mismatch');
    expect(await evidenceRowCount(h)).toBe(before);
    await waitFor(async () => (await openUploads()).length === 0 || undefined, {
      timeoutMs: 10_000,
      what: 'the refused upload aborted',
    });
    const objects: string[] = [];
    for await (const o of h.store.client.listObjectsV2(h.store.bucket, '', true) as AsyncIterable<{
      name?: string;
    }>)
      if (o.name?.includes(`/${recordId}/`)) objects.push(o.name);
    expect(objects.length).toBe(await evidenceRowCount(h));
  });

  it('R-EV-3: a download of many hashing segments whose recorded SM3 does not match ends incomplete and raises the integrity event', async () => {
    const r = await h.upload(recordId, pdf(13 * MiB));
    expect(r.status).toBe(201);
    await h.tamperRow(r.body.id, { sm3: '0'.repeat(64) });
    expect(await downloadsWhole(h, r.body.id)).toBe(false);
    await integrityEventRaised(h, r.body.id);
  });
});
