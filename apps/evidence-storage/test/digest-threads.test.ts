// The digest threads (R-EV-1, R-BX-6): a file's SHA-256 and SM3 are those of all its bytes,
// and a thread that dies while it holds a file's hashes fails that file instead of hashing
// on from nothing (its digests would silently cover only the later bytes, and a download
// would be reported as altered evidence).
import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { DigestThreads } from '../src/evidence/digest-threads.js';
import { hashingWorkers, killHashingThreads } from './hashing-threads.js';

const threads = new DigestThreads();
afterAll(async () => {
  for (const t of hashingWorkers(threads)) await t.worker?.terminate();
});

/** A shared buffer holding `bytes`. */
function shared(bytes: Buffer) {
  const buffer = new SharedArrayBuffer(bytes.length);
  bytes.copy(Buffer.from(buffer));
  return buffer;
}

const killThreads = () => killHashingThreads(threads);

describe('digest threads (R-EV-1, R-BX-6)', () => {
  it('R-EV-1, R-BX-6: a file fed in parts gets the SHA-256 and SM3 of all its bytes, and its parts their own sums', async () => {
    const parts = [Buffer.from('第一部分'.repeat(1000)), Buffer.from('second part'.repeat(700))];
    const file = threads.file();
    const sums = [];
    for (const p of parts) {
      const fed = file.feed(shared(p), p.length, { part: true });
      sums.push(await fed.sums);
      await fed.done;
    }
    const whole = Buffer.concat(parts);
    expect(await file.final()).toEqual({
      sha256: createHash('sha256').update(whole).digest('hex'),
      sm3: createHash('sm3').update(whole).digest('hex'),
    });
    expect(sums).toEqual(
      parts.map((p) => ({
        md5: createHash('md5').update(p).digest('base64'),
        sha256: createHash('sha256').update(p).digest('hex'),
      })),
    );
    // An empty file has the digests of nothing.
    expect(await threads.file().final()).toEqual({
      sha256: createHash('sha256').digest('hex'),
      sm3: createHash('sm3').digest('hex'),
    });
  });

  it('R-EV-1: a thread that dies between two parts of a file fails the file, not with a mismatch; the next file is hashed right', async () => {
    const first = Buffer.from('before the crash');
    const file = threads.file();
    await file.feed(shared(first), first.length, { part: false }).done;
    await killThreads();
    const second = Buffer.from('after the crash');
    const fed = file.feed(shared(second), second.length, { part: true });
    await expect(fed.done).rejects.toThrow(/restarted/);
    await expect(fed.sums).rejects.toThrow(/restarted/);
    await expect(file.final()).rejects.toThrow(/restarted/);
    file.drop();

    const next = threads.file();
    await next.feed(shared(second), second.length, { part: false }).done;
    expect(await next.final()).toEqual({
      sha256: createHash('sha256').update(second).digest('hex'),
      sm3: createHash('sm3').update(second).digest('hex'),
    });
  });

  it('R-EV-1: a thread that dies just before a file’s digests are asked for fails them rather than give those of nothing', async () => {
    const bytes = Buffer.from('hashed, then lost');
    const file = threads.file();
    await file.feed(shared(bytes), bytes.length, { part: false }).done;
    await killThreads();
    await expect(file.final()).rejects.toThrow(/restarted/);
  });
});
