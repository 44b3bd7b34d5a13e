// A download's segments and an upload's slot are held for a client (R-NF-3). A client that
// left while its file was being opened, or its upload admitted, has closed before the route
// could listen for it, and one that stops reading never closes at all: each must still give
// back what it held, or enough of them would stall every later transfer until a restart.
import { request, type IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import express, { type Response } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@jir/testing';
import { BufferPool } from '../src/evidence/buffer-pool.js';
import { DigestThreads } from '../src/evidence/digest-threads.js';
import { sendOpenedFile } from '../src/evidence/send-opened-file.js';
import { DigestVerifier } from '../src/evidence/upload-pipeline.js';
import { UploadSlots } from '../src/evidence/upload-slots.js';

const threads = new DigestThreads();
const pool = new BufferPool(4 * 1024 * 1024, 2);
const slots = new UploadSlots(2);
const openingMs = 200;
let base = '';
let close = () => Promise.resolve();

/** 25 MiB the "store" sends, more than the sockets' buffers hold, so a client that stops reading is felt. */
function storedFile() {
  let n = 0;
  const source = new Readable({
    read() {
      this.push(n++ < 400 ? Buffer.alloc(65_536, 1) : null);
    },
  });
  const stream = source.pipe(new DigestVerifier({ sha256: 'x', sm3: 'y' }, threads, pool));
  return { source, stream, verifier: stream, reportMismatch: async () => undefined };
}

beforeAll(async () => {
  threads.start();
  const app = express();
  // As the download route: the file is opened (custody row, store GET) before it is sent.
  app.get('/file', async (req, res) => {
    await new Promise((r) => setTimeout(r, openingMs));
    sendOpenedFile(res, storedFile(), Number(req.query['stalledMs'] ?? 60_000));
  });
  // As the upload route: admission (rights, the record) is awaited before a slot is taken.
  app.post('/upload', async (_req, res: Response) => {
    await new Promise((r) => setTimeout(r, openingMs));
    try {
      slots.take(res);
      res.end('taken');
    } catch (e) {
      res.status(400).end((e as Error).message);
    }
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  close = () => new Promise((r) => server.close(() => r()));
});
afterAll(async () => {
  // The hashing threads are unref'd: they end with the test process.
  await close();
});

/** Starts a request and gives up on it before the server has got past opening. */
function leaveEarly(method: string, path: string) {
  const req = request(`${base}${path}`, { method, headers: { 'content-length': '0' } });
  req.on('error', () => undefined);
  req.end();
  setTimeout(() => req.destroy(), openingMs / 4);
}

describe('clients that go away (R-NF-3)', () => {
  it('R-NF-3: downloads whose clients left while the file was opened give their segments back', async () => {
    for (let i = 0; i < 3; i++) leaveEarly('GET', '/file');
    await new Promise((r) => setTimeout(r, openingMs * 3));
    await waitFor(async () => (pool.inUse === 0 && pool.waiting === 0) || undefined, {
      timeoutMs: 5_000,
      what: 'every segment back',
    });
    // And the budget still serves a whole download.
    const whole = await new Promise<number>((resolve) => {
      request(`${base}/file`, (res: IncomingMessage) => {
        let n = 0;
        res.on('data', (c: Buffer) => (n += c.length));
        // Ended or cut (see below), it is over: how much came is the answer.
        res.on('error', () => undefined);
        res.on('close', () => resolve(n));
      })
        .on('error', () => resolve(-1))
        .end();
    });
    // The made-up digests do not match, so the transfer is cut before its end: what matters
    // here is that it ran, rather than waiting for a segment no one would give back.
    expect(whole).not.toBe(0);
    await waitFor(async () => pool.inUse === 0 || undefined, { timeoutMs: 5_000, what: 'segments back' });
  });

  it('R-NF-3: a download whose client stops reading is cut after the idle time, and its segment comes back', async () => {
    const res = await new Promise<IncomingMessage>((resolve, reject) =>
      request(`${base}/file?stalledMs=300`, resolve).on('error', reject).end(),
    );
    res.pause();
    await waitFor(async () => pool.inUse > 0 || undefined, { timeoutMs: 5_000, what: 'a segment taken' });
    // The client, paused, hears of the cut only when it reads again; the server has moved on.
    res.on('error', () => undefined);
    await waitFor(async () => pool.inUse === 0 || undefined, { timeoutMs: 5_000, what: 'the segment back' });
    res.destroy();
  });

  it('R-NF-3: a download waiting its turn for a segment, longer than the idle time, is not cut', async () => {
    const held = [await pool.take(), await pool.take()];
    let received = 0;
    const done = new Promise<void>((resolve) => {
      request(`${base}/file?stalledMs=300`, (res: IncomingMessage) => {
        res.on('data', (c: Buffer) => (received += c.length));
        res.on('error', () => undefined);
        res.on('close', () => resolve());
      })
        .on('error', () => resolve())
        .end();
    });
    // Three times the idle time with nothing to send: the server is the one waiting, not the client.
    await new Promise((r) => setTimeout(r, openingMs + 900));
    for (const lease of held) lease.release();
    await done;
    // All but the chunk held back for the digests, which the made-up ones fail.
    expect(received).toBeGreaterThan(20 * 1024 * 1024);
    await waitFor(async () => pool.inUse === 0 || undefined, { timeoutMs: 5_000, what: 'segments back' });
  });

  it('R-NF-3: an upload whose client left while it was admitted takes no slot', async () => {
    for (let i = 0; i < 3; i++) leaveEarly('POST', '/upload');
    await new Promise((r) => setTimeout(r, openingMs * 3));
    expect(slots.inUse).toBe(0);
  });
});
