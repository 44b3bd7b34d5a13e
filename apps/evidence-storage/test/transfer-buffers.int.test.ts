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
const PART_MB = 5;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const pdf = (bytes: number) => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(bytes - 9)]);

/**
 * The service with its store behind a relay the test controls, and a record to upload to:
 * 5 MiB parts (the store's least: small files, as every byte stays in the shared test store
 * for good).
 */
async function linkedHarness(o: {
  maxConcurrentUploads?: number;
  downloadBufferMb?: number;
  idleTimeoutMs?: number;
  storeTimeoutSeconds?: number;
}) {
  const s3 = await resolveObjectStoreAdmin();
  const link = await StoreLink.open(s3.endpoint);
  const h = await evidenceHarness({ store: { ...s3, endpoint: link.endpoint }, partSizeMb: PART_MB, ...o });
  return { link, h, recordId: await h.announceRecord() };
}

/** A linked harness of a test's own, closed with its relay whatever the test did. */
async function withLinkedHarness(
  o: Parameters<typeof linkedHarness>[0],
  test: (own: Awaited<ReturnType<typeof linkedHarness>>) => Promise<void>,
) {
  const own = await linkedHarness(o);
  try {
    await test(own);
  } finally {
    await own.h.close();
    await own.link.close();
  }
}

let link: StoreLink;
let h: EvidenceHarness;
let recordId: string;
beforeAll(async () => {
  // 8 upload slots: 24 part buffers. 8 MiB for downloads: two 4 MiB segments.
  ({ link, h, recordId } = await linkedHarness({ downloadBufferMb: 8 }));
});
afterAll(async () => {
  await h?.close();
  await link?.close();
});

/** An upload whose body the test writes piece by piece, and may cut off (to `h` unless said). */
async function openUpload(size: number, to: { h: EvidenceHarness; recordId: string } = { h, recordId }) {
  const u = new URL(to.h.url);
  const req = request({
    host: u.hostname,
    port: u.port,
    method: 'POST',
    path: `/v1/evidence?recordId=${to.recordId}`,
    headers: {
      authorization: `Bearer ${await to.h.token()}`,
      'content-type': 'application/octet-stream',
      'content-length': String(size),
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

/** A whole-file download: the request (to cut off) and its response once it starts. */
function openDownload(id: string, token: string) {
  const u = new URL(h.url);
  const req = request({
    host: u.hostname,
    port: u.port,
    path: `/v1/evidence/${id}/content`,
    headers: { authorization: `Bearer ${token}` },
  });
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    req.on('response', resolve).on('error', reject);
  });
  // A request cut off on purpose has no response.
  response.catch(() => undefined);
  req.end();
  return { cutOff: () => req.destroy(), response };
}

/** A whole-file download read up to its first bytes, then left paused (a slow client). */
async function pausedDownload(id: string, token: string) {
  const res = await openDownload(id, token).response;
  await new Promise((r) => res.once('data', r));
  res.pause();
  return res;
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
  const file = pdf(12 * MiB);
  const r = await h.upload(recordId, file);
  expect(r.status).toBe(201);
  expect(r.body.sha256).toBe(sha(file));
  expect(h.buffers.parts.inUse).toBe(0);
}

describe('every upload buffer comes back, whatever failed (R-NF-3)', () => {
  it('R-NF-3, R-NF-6: the store’s link cut in the middle of a part: 503, every part buffer back, and the next upload is stored', async () => {
    const before = await evidenceRowCount(h);
    // 7 MiB towards the store: the first 5 MiB part sent and the second one on its way.
    link.cutAfter(7 * MiB);
    const r = await h.upload(recordId, pdf(16 * MiB));
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
    const up = await openUpload(24 * MiB);
    // The store held back while the client leaves: parts on their way when it does (a quick
    // store would also give them back before the test could look).
    link.hold();
    try {
      up.send(pdf(12 * MiB));
      await waitFor(() => h.buffers.parts.inUse >= 2, {
        timeoutMs: 15_000,
        what: 'the upload holding parts',
      });
      up.cutOff();
    } finally {
      link.letGo();
    }
    await allPartsBack();
    expect(await evidenceRowCount(h)).toBe(before);
    await nextUploadStored();
  });

  it('R-NF-3, R-EV-1: a form whose file runs past its declared size (refused mid-upload) or falls short of it is refused 400, every part buffer back', async () => {
    for (const declared of [8 * MiB, 16 * MiB]) {
      const r = await uploadForm({ size: String(declared) }, pdf(12 * MiB));
      expect(r.status).toBe(400);
      expect(r.body.code).toBe('length-mismatch');
      expect(h.buffers.parts.inUse).toBe(0);
    }
  });

  it('R-NF-3, R-EV-1: content whose SHA-256 is not the one the client sent is refused 422, as one request or in parts, every part buffer back', async () => {
    for (const size of [1 * MiB, 12 * MiB]) {
      const r = await h.upload(recordId, pdf(size), { headers: { 'content-sha256': sha(pdf(1000)) } });
      expect(r.status).toBe(422);
      expect(r.body.code).toBe('digest-mismatch');
      expect(h.buffers.parts.inUse).toBe(0);
    }
  });

  it('R-NF-3, R-EV-1: the hashing threads dying in the middle of an upload fail it with a problem answer, every part buffer back; the next upload is hashed right', async () => {
    const before = await evidenceRowCount(h);
    const up = await openUpload(24 * MiB);
    // The store held back meanwhile, so that the first part is still out when the test looks.
    link.hold();
    try {
      up.send(pdf(7 * MiB));
      // The first part went to the threads (they hold its hashes), the second is filling.
      await waitFor(() => h.buffers.parts.inUse >= 2, { timeoutMs: 15_000, what: 'the first part hashing' });
      await killHashingThreads(digestThreads);
      up.send(randomBytes(17 * MiB));
    } finally {
      link.letGo();
    }
    const r = await up.answer;
    expect(r.status).toBeGreaterThanOrEqual(500);
    expect(r.type).toMatch(/^application\/problem\+json/);
    expect(h.buffers.parts.inUse).toBe(0);
    expect(await evidenceRowCount(h)).toBe(before);
    await nextUploadStored();
  });
});

describe('a store that stalls: the client is not blamed for it, and no upload waits for it for ever (R-NF-3, R-NF-6)', () => {
  it('R-NF-3: a client that keeps sending while the store stalls for longer than the idle timeout is not refused 408; its upload is stored once the store answers', async () => {
    await withLinkedHarness({ idleTimeoutMs: 1_500 }, async (slow) => {
      const file = pdf(24 * MiB);
      const up = await openUpload(file.length, slow);
      slow.link.hold();
      try {
        // The client hands over every byte at once; the service takes what its part buffers hold
        // and then stops reading, because the store answers nothing.
        up.send(file);
        await waitFor(() => slow.h.buffers.parts.inUse >= 2, {
          timeoutMs: 15_000,
          what: 'the upload holding part buffers',
        });
        // Three idle timeouts with the service, not the client, waiting.
        await new Promise((r) => setTimeout(r, 4_500));
      } finally {
        slow.link.letGo();
      }
      const r = await up.answer;
      expect(r.body.code).not.toBe('upload-idle');
      expect(r.status).toBe(201);
      expect((r.body as { sha256?: string }).sha256).toBe(sha(file));
    });
  });

  it('R-NF-3, R-NF-6: a store that takes the parts in and never answers fails the upload 503 after the store deadline, every part buffer back; the next upload is stored', async () => {
    await withLinkedHarness({ storeTimeoutSeconds: 2 }, async (hung) => {
      const before = await evidenceRowCount(hung.h);
      const file = pdf(24 * MiB);
      const up = await openUpload(file.length, hung);
      hung.link.hold();
      let r: Awaited<typeof up.answer>;
      try {
        up.send(file);
        r = await up.answer;
      } finally {
        hung.link.letGo();
      }
      expect(r.status).toBe(503);
      expect(r.body.code).toBe('store-unavailable');
      await waitFor(() => hung.h.buffers.parts.inUse === 0, { timeoutMs: 15_000, what: 'part buffers back' });
      expect(await evidenceRowCount(hung.h)).toBe(before);
      const next = await hung.h.upload(hung.recordId, pdf(12 * MiB));
      expect(next.status).toBe(201);
    });
  });

  it('R-EV-3, R-NF-6: an integrity check whose store stops sending in the middle of an object ends in 503 store-unavailable, not never', async () => {
    await withLinkedHarness({ storeTimeoutSeconds: 2 }, async (own) => {
      const { body } = await own.h.upload(own.recordId, pdf(12 * MiB));
      const tm = { sub: 'tm-1', division: 'tm', roles: ['trial-management'] };
      own.link.holdAnswersAfter(2 * MiB);
      let status: number;
      let code: string | undefined;
      try {
        const res = await own.h.call('POST', '/v1/integrity-checks', { as: tm, body: { ids: [body.id] } });
        status = res.status;
        code = ((await res.json()) as { code?: string }).code;
      } finally {
        own.link.letGo();
      }
      expect([status, code]).toEqual([503, 'store-unavailable']);
      // Nothing was concluded about the object: checked again with the store answering, it is intact.
      const again = await own.h.call('POST', '/v1/integrity-checks', { as: tm, body: { ids: [body.id] } });
      expect(await again.json()).toMatchObject({ checked: 1, failures: [] });
    });
  });

  it('R-NF-3: a client that stops sending is still refused 408 after the idle timeout', async () => {
    await withLinkedHarness({ idleTimeoutMs: 1_500 }, async (slow) => {
      const up = await openUpload(24 * MiB, slow);
      up.send(pdf(7 * MiB));
      const r = await up.answer;
      expect(r.status).toBe(408);
      expect(r.body.code).toBe('upload-idle');
      await waitFor(() => slow.h.buffers.parts.inUse === 0, { timeoutMs: 15_000, what: 'part buffers back' });
    });
  });
});

describe('every download segment comes back, and a download beyond the budget waits (R-NF-3, R-EV-3)', () => {
  it('R-NF-3: a client that goes away in the middle of a download leaves no segment taken', async () => {
    const { body } = await h.upload(recordId, pdf(12 * MiB));
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
    const { body } = await h.upload(recordId, pdf(9 * MiB));
    await h.tamperRow(body.id, { sha256: '0'.repeat(64) });
    expect(await downloadsWhole(h, body.id)).toBe(false);
    await integrityEventRaised(h, body.id);
    await allSegmentsBack();
  });

  // Paused clients hold a segment only until their socket buffers are full and only while the
  // bytes they stall on are not at a segment's end, so here the test itself holds the segments
  // other transfers would: deterministic, and the downloads are real.
  it('R-NF-3: with every segment out, a further download waits, not refused nor failed, then is served whole once one comes back', async () => {
    const file = pdf(10 * MiB);
    const { body } = await h.upload(recordId, file);
    const segments = h.buffers.segments;
    const held = await Promise.all(Array.from({ length: segments.capacity }, () => segments.take()));
    const download = h.call('GET', `/v1/evidence/${body.id}/content`).then(async (res) => ({
      status: res.status,
      bytes: Buffer.from(await res.arrayBuffer()),
    }));
    try {
      await waitFor(() => segments.waiting === 1, { timeoutMs: 15_000, what: 'the download waiting' });
      const early = await Promise.race([download, new Promise((r) => setTimeout(() => r('waiting'), 500))]);
      expect(early).toBe('waiting');
    } finally {
      held[0]!.release();
    }
    // One segment is enough to go on: filled, hashed, given back, filled again.
    const served = await download;
    expect(served.status).toBe(200);
    expect(served.bytes.equals(file)).toBe(true);
    for (const b of held) b.release();
    await allSegmentsBack();
    expect(segments.waiting).toBe(0);
  });

  it('R-NF-3: a download waiting for a segment whose client goes away stops waiting and takes none', async () => {
    const { body } = await h.upload(recordId, pdf(6 * MiB));
    const segments = h.buffers.segments;
    const held = await Promise.all(Array.from({ length: segments.capacity }, () => segments.take()));
    try {
      const waiting = openDownload(body.id, await h.token());
      await waitFor(() => segments.waiting === 1, { timeoutMs: 15_000, what: 'the download waiting' });
      waiting.cutOff();
      await waitFor(() => segments.waiting === 0, { timeoutMs: 15_000, what: 'its wait ended' });
      expect(segments.inUse).toBe(segments.capacity);
    } finally {
      for (const b of held) b.release();
    }
    await allSegmentsBack();
    expect(await downloadsWhole(h, body.id)).toBe(true);
  });
});

describe('an upload beyond the part buffers waits for them (R-NF-3)', () => {
  // One upload slot: three part buffers. An upload whose client leaves frees its slot at once,
  // but the part it had on its way to a stalled store only when the store lets go of it.
  let link1: StoreLink;
  let h1: EvidenceHarness;
  let record1: string;
  beforeAll(async () => {
    ({ link: link1, h: h1, recordId: record1 } = await linkedHarness({ maxConcurrentUploads: 1 }));
  });
  afterAll(async () => {
    await h1?.close();
    await link1?.close();
  });

  /** An upload cut off by its client with one part on its way to the (stalled) store. */
  async function failWithPartOnItsWay() {
    const pool = h1.buffers.parts;
    const before = pool.inUse;
    const up = await openUpload(24 * MiB, { h: h1, recordId: record1 });
    up.send(pdf(7 * MiB));
    await waitFor(() => pool.inUse === before + 2, {
      timeoutMs: 15_000,
      what: 'a part sent, the next filling',
    });
    up.cutOff();
    // The one filling comes back (and the slot with it); the one on its way stays out.
    await waitFor(() => pool.inUse === before + 1, { timeoutMs: 15_000, what: 'the filling part back' });
  }

  it('R-NF-3: with failed uploads’ parts still on their way to a stalled store, the next upload waits for a buffer, then is stored once the store answers', async () => {
    const pool = h1.buffers.parts;
    const file = pdf(12 * MiB);
    let next: ReturnType<EvidenceHarness['upload']> | undefined;
    link1.hold();
    try {
      await failWithPartOnItsWay();
      await failWithPartOnItsWay();
      // The slot is free, but two of the three buffers are out: the next upload fills the third,
      // sends it, and waits for another.
      next = h1.upload(record1, file);
      await waitFor(() => pool.waiting === 1, { timeoutMs: 15_000, what: 'the next upload waiting' });
      const early = await Promise.race([next, new Promise((r) => setTimeout(() => r('waiting'), 500))]);
      expect(early).toBe('waiting');
      expect(pool.inUse).toBe(pool.capacity);
    } finally {
      link1.letGo();
    }
    const r = await next;
    expect(r.status).toBe(201);
    expect(r.body.sha256).toBe(sha(file));
    await waitFor(() => pool.inUse === 0, { timeoutMs: 15_000, what: 'every part buffer back' });
  });
});
