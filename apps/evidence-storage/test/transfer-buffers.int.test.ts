// The service's transfer buffers are capped (R-NF-3): a failing upload or download that kept one
// would leave one fewer for every later transfer, and enough of them would stall the service.
// Each way a transfer fails gives every buffer back; with all of them out, a further transfer
// waits for one and then proceeds. The store is the real one, reached through a relay the test
// can cut (store-link.ts); the hashing threads are the service's own.
import { createHash, randomBytes } from 'node:crypto';
import { request, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveObjectStoreAdmin, waitFor } from '@jir/testing';
import { digestThreads } from '../src/evidence/evidence.service.js';
import { downloadsWhole, integrityEventRaised } from './download-checks.js';
import { evidenceRowCount } from './evidence-rows.js';
import { killHashingThreads } from './hashing-threads.js';
import { evidenceHarness, type EvidenceHarness } from './harness.js';
import { StoreLink } from './store-link.js';

const MiB = 1024 * 1024;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const pdf = (bytes: number) => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(bytes - 9)]);

let link: StoreLink;
let h: EvidenceHarness;
let recordId: string;
beforeAll(async () => {
  const s3 = await resolveObjectStoreAdmin();
  link = await StoreLink.open(s3.endpoint);
  // 8 MiB parts (the harness's), 8 upload slots: 24 part buffers. 8 MiB for downloads: two
  // 4 MiB segments, so two paused downloads take them all.
  h = await evidenceHarness({ store: { ...s3, endpoint: link.endpoint }, downloadBufferMb: 8 });
  recordId = await h.announceRecord();
});
afterAll(async () => {
  await h?.close();
  await link?.close();
});

/** An upload whose body the test writes piece by piece, and may cut off. */
async function openUpload(size: number, headers: Record<string, string> = {}) {
  const u = new URL(h.url);
  const req = request({
    host: u.hostname,
    port: u.port,
    method: 'POST',
    path: `/v1/evidence?recordId=${recordId}`,
    headers: {
      authorization: `Bearer ${await h.token()}`,
      'content-type': 'application/octet-stream',
      'content-length': String(size),
      ...headers,
    },
  });
  const answer = new Promise<{ status: number; type: string | undefined; body: { code?: string } }>(
    (resolve, reject) => {
      req.on('error', reject);
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () =>
          resolve({ status: res.statusCode!, type: res.headers['content-type'], body: JSON.parse(text) }),
        );
      });
    },
  );
  // A request cut off on purpose has no answer.
  answer.catch(() => undefined);
  return { send: (b: Buffer) => void req.write(b), cutOff: () => req.destroy(), answer };
}

/** A browser's upload: the form's fields (size first), then the file. */
async function uploadForm(fields: Record<string, string>, file: Buffer) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([file]), 'scan.pdf');
  const res = await fetch(`${h.url}/v1/evidence?recordId=${recordId}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await h.token()}` },
    body: form,
  });
  return { status: res.status, body: (await res.json()) as { code?: string } };
}

/** A whole-file download read up to its first bytes, then left paused (a slow client). */
function pausedDownload(id: string, token: string) {
  return new Promise<IncomingMessage>((resolve, reject) => {
    const u = new URL(h.url);
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path: `/v1/evidence/${id}/content`,
        headers: { authorization: `Bearer ${token}` },
      },
      (res) => {
        res.once('data', () => {
          res.pause();
          resolve(res);
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** The rest of a paused download, with the bytes it had already read counted. */
async function readRest(res: IncomingMessage): Promise<number> {
  let n = 0;
  res.on('data', (c: Buffer) => (n += c.length));
  res.resume();
  await new Promise<void>((resolve, reject) => res.once('end', resolve).once('error', reject));
  return n;
}

const allPartsBack = () =>
  waitFor(() => h.buffers.parts.inUse === 0, {
    timeoutMs: 15_000,
    what: 'every part buffer back in the pool',
  });
const allSegmentsBack = () =>
  waitFor(() => h.buffers.segments.inUse === 0, { timeoutMs: 15_000, what: 'every download segment back' });

/** What a failure must not take away: the next upload is stored whole and gives its buffers back. */
async function nextUploadStored() {
  const file = pdf(20 * MiB);
  const r = await h.upload(recordId, file);
  expect(r.status).toBe(201);
  expect(r.body.sha256).toBe(sha(file));
  expect(h.buffers.parts.inUse).toBe(0);
}

describe('every upload buffer comes back, whatever failed (R-NF-3)', () => {
  it('R-NF-3, R-NF-6: the store’s link cut in the middle of a part: 503, every part buffer back, and the next upload is stored', async () => {
    const before = await evidenceRowCount(h);
    // 12 MiB towards the store: the first 8 MiB part sent and the second one on its way.
    link.cutAfter(12 * MiB);
    const r = await h.upload(recordId, pdf(40 * MiB));
    link.restore();
    expect(r.status).toBe(503);
    expect(r.body.code).toBe('store-unavailable');
    // Given back before the answer: the parts on their way failed, the one filling was never sent.
    expect(h.buffers.parts.inUse).toBe(0);
    expect(await evidenceRowCount(h)).toBe(before);
    await nextUploadStored();
  });

  it('R-NF-3: a client that goes away in the middle of an upload leaves no part buffer taken; nothing is stored', async () => {
    const before = await evidenceRowCount(h);
    const up = await openUpload(40 * MiB);
    up.send(pdf(20 * MiB));
    // Two parts on their way (or sent) and a third filling.
    await waitFor(() => h.buffers.parts.inUse >= 2, { timeoutMs: 15_000, what: 'the upload holding parts' });
    up.cutOff();
    await allPartsBack();
    expect(await evidenceRowCount(h)).toBe(before);
    await nextUploadStored();
  });

  it('R-NF-3, R-EV-1: a form whose file runs past its declared size (refused mid-upload) or falls short of it is refused 400, every part buffer back', async () => {
    for (const declared of [12 * MiB, 30 * MiB]) {
      const r = await uploadForm({ size: String(declared) }, pdf(20 * MiB));
      expect(r.status).toBe(400);
      expect(r.body.code).toBe('length-mismatch');
      expect(h.buffers.parts.inUse).toBe(0);
    }
  });

  it('R-NF-3, R-EV-1: content whose SHA-256 is not the one the client sent is refused 422, as one request or in parts, every part buffer back', async () => {
    for (const size of [2 * MiB, 20 * MiB]) {
      const r = await h.upload(recordId, pdf(size), { headers: { 'content-sha256': sha(pdf(1000)) } });
      expect(r.status).toBe(422);
      expect(r.body.code).toBe('digest-mismatch');
      expect(h.buffers.parts.inUse).toBe(0);
    }
  });

  it('R-NF-3, R-EV-1: the hashing threads dying in the middle of an upload fail it with a problem answer, every part buffer back; the next upload is hashed right', async () => {
    const before = await evidenceRowCount(h);
    const up = await openUpload(40 * MiB);
    up.send(pdf(12 * MiB));
    // The first part went to the threads (they hold its hashes), the second is filling.
    await waitFor(() => h.buffers.parts.inUse >= 2, { timeoutMs: 15_000, what: 'the first part hashing' });
    await killHashingThreads(digestThreads);
    up.send(randomBytes(28 * MiB));
    const r = await up.answer;
    expect(r.status).toBeGreaterThanOrEqual(500);
    expect(r.type).toMatch(/^application\/problem\+json/);
    expect(h.buffers.parts.inUse).toBe(0);
    expect(await evidenceRowCount(h)).toBe(before);
    await nextUploadStored();
  });
});

describe('every download segment comes back, and a download beyond the budget waits (R-NF-3, R-EV-3)', () => {
  it('R-NF-3: a client that goes away in the middle of a download leaves no segment taken', async () => {
    const { body } = await h.upload(recordId, pdf(24 * MiB));
    const res = await pausedDownload(body.id, await h.token());
    await waitFor(() => h.buffers.segments.inUse >= 1, {
      timeoutMs: 15_000,
      what: 'the download holding a segment',
    });
    res.destroy();
    await allSegmentsBack();
    expect(await downloadsWhole(h, body.id)).toBe(true);
  });

  it('R-EV-3, R-NF-3: a download whose recorded digest does not match ends incomplete, every segment back', async () => {
    const { body } = await h.upload(recordId, pdf(13 * MiB));
    await h.tamperRow(body.id, { sha256: '0'.repeat(64) });
    expect(await downloadsWhole(h, body.id)).toBe(false);
    await integrityEventRaised(h, body.id);
    await allSegmentsBack();
  });

  it('R-NF-3: with every segment taken by paused downloads, a further one waits, then is served whole once one of them finishes', async () => {
    const file = pdf(16 * MiB);
    const { body } = await h.upload(recordId, file);
    const token = await h.token();
    // Two slow clients: each holds the segment it is filling, which is all of them.
    const slow = [await pausedDownload(body.id, token), await pausedDownload(body.id, token)];
    await waitFor(() => h.buffers.segments.inUse === h.buffers.segments.capacity || undefined, {
      timeoutMs: 15_000,
      what: 'the paused downloads holding every segment',
    });
    const third = h.call('GET', `/v1/evidence/${body.id}/content`).then(async (res) => ({
      status: res.status,
      bytes: Buffer.from(await res.arrayBuffer()),
    }));
    await waitFor(() => h.buffers.segments.waiting === 1, {
      timeoutMs: 15_000,
      what: 'the third download waiting',
    });
    // Waiting, not refused nor failed: still unanswered a moment later.
    const early = await Promise.race([third, new Promise((r) => setTimeout(() => r('waiting'), 500))]);
    expect(early).toBe('waiting');
    const [first, second] = slow as [IncomingMessage, IncomingMessage];
    const firstBytes = await readRest(first);
    expect(firstBytes).toBeGreaterThan(0);
    const served = await third;
    expect(served.status).toBe(200);
    expect(served.bytes.equals(file)).toBe(true);
    await readRest(second);
    await allSegmentsBack();
    expect(h.buffers.segments.waiting).toBe(0);
  });
});
