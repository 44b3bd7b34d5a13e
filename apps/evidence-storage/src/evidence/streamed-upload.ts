import type { Readable } from 'node:stream';
import type { ObjectStore } from '../store/object-store.js';
import type { BufferPool, PooledBuffer } from './buffer-pool.js';
import type { DigestThreads, FileDigests } from './digest-threads.js';
import { PARTS_IN_FLIGHT } from './transfer-buffers.js';
import { UploadStreamError } from './upload-pipeline.js';

/** What an upload stored: the version and both digests of the bytes received. */
export interface StoredFile {
  versionId: string | null;
  sha256: string;
  sm3: string;
}

export interface StreamedUpload {
  store: ObjectStore;
  digests: DigestThreads;
  /** Where part buffers come from (of the store's part size); capped, so taking one may wait. */
  parts: BufferPool;
  /** Aborts a wait for a part buffer: the client has gone or the body failed. */
  signal?: AbortSignal;
  key: string;
  mediaType: string;
  now: Date;
  body: Readable;
  /** The declared size: a body longer or shorter fails with `length-mismatch`. */
  size: number;
  /** The SHA-256 the client sent, if any: a different content fails with `digest-mismatch`. */
  expectedSha256: string | undefined;
}

/**
 * Streams a body of known size to the store while its SHA-256 and SM3 are computed on the
 * digest threads (R-EV-1, R-BX-6). The size and the client's SHA-256 are checked after
 * the last byte and before the store completes the object, so a mismatch stores nothing.
 *
 * A file of up to one part is held and sent in one request (which carries its own
 * retain-until date); a larger one is cut into parts, up to {@link PARTS_IN_FLIGHT} of
 * them on their way to the store while the next fills. Memory is bounded by the part
 * size, never by the file's: at most PARTS_IN_FLIGHT + 1 part buffers per upload, and
 * the body is not read while none is free (back-pressure reaches the client). Every
 * buffer goes back to the pool on every path, failures included, once nothing reads it:
 * one kept would be one fewer for every later upload, and enough of them would stall all.
 */
export async function storeStreamed(u: StreamedUpload): Promise<StoredFile> {
  const digests = u.digests.file();
  try {
    return u.size <= u.store.partSize ? await storeWhole(u, digests) : await storeInParts(u, digests);
  } catch (e) {
    digests.drop();
    throw e;
  }
}

/** The body's chunks, failing as soon as it is longer than declared, and at its end if shorter. */
async function* counted(body: Readable, size: number): AsyncGenerator<Buffer> {
  let received = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    received += chunk.length;
    if (received > size)
      throw new UploadStreamError('length-mismatch', `body is longer than Content-Length ${size}`);
    yield chunk;
  }
  if (received !== size)
    throw new UploadStreamError('length-mismatch', `received ${received} bytes, Content-Length said ${size}`);
}

async function checkedDigests(u: StreamedUpload, digests: FileDigests) {
  const d = await digests.final();
  if (u.expectedSha256 && u.expectedSha256 !== d.sha256)
    throw new UploadStreamError('digest-mismatch', 'the content does not match the SHA-256 the client sent');
  return d;
}

async function storeWhole(u: StreamedUpload, digests: FileDigests): Promise<StoredFile> {
  // A part-sized buffer from the pool even for a small file: fresh ones of every size would pile up.
  const part = await u.parts.take(u.signal);
  let hashed: Promise<void> = Promise.resolve();
  let sent: Promise<unknown> = Promise.resolve();
  try {
    const bytes = Buffer.from(part.buffer);
    let filled = 0;
    for await (const chunk of counted(u.body, u.size)) filled += chunk.copy(bytes, filled);
    hashed = digests.feed(part.buffer, filled, { part: false }).done;
    hashed.catch(() => undefined);
    const d = await checkedDigests(u, digests);
    const put = u.store.putBuffer(u.key, bytes.subarray(0, filled), u.mediaType, u.now);
    sent = put;
    const stored = await put;
    return { versionId: stored.versionId, ...d };
  } finally {
    await Promise.allSettled([hashed, sent]);
    part.release();
  }
}

async function storeInParts(u: StreamedUpload, digests: FileDigests): Promise<StoredFile> {
  const partSize = u.store.partSize;
  // Opened while the first part fills: its round trip is then off the upload's path.
  const uploadId = u.store.beginParts(u.key, u.mediaType, u.now);
  uploadId.catch(() => undefined);
  const etags: string[] = [];
  const running = new Set<Promise<void>>();
  /** The first failure of a part (a later one adds nothing). */
  const failed: unknown[] = [];
  // A failed part ends a wait for a buffer as the client's leaving does: with its own error.
  const partFailed = new AbortController();
  const signal = u.signal ? AbortSignal.any([u.signal, partFailed.signal]) : partFailed.signal;
  let parts = 0;

  const send = (part: PooledBuffer, length: number) => {
    const n = ++parts;
    const { sums, done } = digests.feed(part.buffer, length, { part: true });
    done.catch(() => undefined);
    const put = (async () => {
      const id = await uploadId;
      etags[n - 1] = await u.store.putPart(u.key, id, n, Buffer.from(part.buffer, 0, length), (await sums)!);
    })();
    const task = Promise.all([put, done])
      .then(() => undefined)
      .catch((error: unknown) => {
        failed.push(error);
        partFailed.abort(failed[0]);
      })
      // Back to the pool only once the store's request and both threads are done with it,
      // whichever of them failed first.
      .finally(() => Promise.allSettled([put, done]).then(() => part.release()))
      .finally(() => running.delete(task));
    running.add(task);
  };

  /** A buffer to fill: waits while PARTS_IN_FLIGHT parts hold theirs, then for the pool; a failed part ends the upload. */
  const nextBuffer = async (): Promise<PooledBuffer> => {
    while (running.size >= PARTS_IN_FLIGHT && !failed.length) await Promise.race(running);
    if (failed.length) throw failed[0];
    return u.parts.take(signal);
  };

  try {
    return await fillAndComplete();
  } catch (e) {
    // Nothing may still be on its way when the upload is given up: a part sent after the
    // abort would leave bytes the store keeps but never lists, and an upload begun after
    // it would stay open until the daily sweep. So wait for the parts, then abort the
    // upload by its id (the caller's abandon() by key remains the retry).
    await Promise.allSettled([...running]);
    const id = await uploadId.catch(() => undefined);
    if (id) await u.store.abortUpload(u.key, id).catch(() => undefined);
    throw e;
  }

  async function fillAndComplete(): Promise<StoredFile> {
    let filling: PooledBuffer | null = null;
    let bytes: Buffer = Buffer.alloc(0);
    let filled = 0;
    try {
      for await (const chunk of counted(u.body, u.size)) {
        if (failed.length) throw failed[0];
        for (let at = 0; at < chunk.length;) {
          if (!filling) {
            filling = await nextBuffer();
            bytes = Buffer.from(filling.buffer);
            filled = 0;
          }
          const n = chunk.copy(bytes, filled, at);
          filled += n;
          at += n;
          if (filled === partSize) {
            send(filling, filled);
            filling = null;
          }
        }
      }
      if (filling && filled) {
        send(filling, filled);
        filling = null;
      }
    } finally {
      // The part being filled when the body failed was never sent: nothing else reads it.
      filling?.release();
    }
    while (running.size) await Promise.race(running);
    if (failed.length) throw failed[0];
    const d = await checkedDigests(u, digests);
    const stored = await u.store.completeParts(u.key, await uploadId, etags);
    return { versionId: stored.versionId, ...d };
  }
}
