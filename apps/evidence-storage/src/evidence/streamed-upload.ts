import type { Readable } from 'node:stream';
import type { ObjectStore } from '../store/object-store.js';
import type { DigestThreads, FileDigests } from './digest-threads.js';
import { UploadStreamError } from './upload-pipeline.js';

/**
 * Parts sent to the store at once. One part in flight leaves the link idle while
 * the store answers and while the next part is hashed; two keep it busy (R-NF-3).
 */
export const PARTS_IN_FLIGHT = 2;

/** What an upload stored: the version and both digests of the bytes received. */
export interface StoredFile {
  versionId: string | null;
  sha256: string;
  sm3: string;
}

export interface StreamedUpload {
  store: ObjectStore;
  digests: DigestThreads;
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
 * the body is not read while none is free (back-pressure reaches the client).
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
  const pool = u.digests.buffers(u.store.partSize);
  const buffer = pool.take();
  const bytes = Buffer.from(buffer);
  let filled = 0;
  for await (const chunk of counted(u.body, u.size)) filled += chunk.copy(bytes, filled);
  void digests.feed(buffer, filled, { part: false }).done.catch(() => undefined);
  const d = await checkedDigests(u, digests);
  const stored = await u.store.putBuffer(u.key, bytes.subarray(0, filled), u.mediaType, u.now);
  pool.give(buffer);
  return { versionId: stored.versionId, ...d };
}

async function storeInParts(u: StreamedUpload, digests: FileDigests): Promise<StoredFile> {
  const partSize = u.store.partSize;
  // Opened while the first part fills: its round trip is then off the upload's path.
  const uploadId = u.store.beginParts(u.key, u.mediaType, u.now);
  uploadId.catch(() => undefined);
  const etags: string[] = [];
  const pool = u.digests.buffers(partSize);
  const running = new Set<Promise<void>>();
  /** The first failure of a part (a later one adds nothing). */
  const failed: unknown[] = [];
  let parts = 0;

  const send = (buffer: SharedArrayBuffer, length: number) => {
    const n = ++parts;
    const task = (async () => {
      const { sums, done } = digests.feed(buffer, length, { part: true });
      // The buffer is free again only once the store has the part and neither thread reads it.
      done.catch(() => undefined);
      const id = await uploadId;
      etags[n - 1] = await u.store.putPart(u.key, id, n, Buffer.from(buffer, 0, length), (await sums)!);
      await done;
      pool.give(buffer);
    })()
      .catch((error: unknown) => {
        failed.push(error);
      })
      .finally(() => running.delete(task));
    running.add(task);
  };

  /** A buffer to fill: waits while PARTS_IN_FLIGHT parts hold theirs; a failed part ends the upload. */
  const nextBuffer = async (): Promise<SharedArrayBuffer> => {
    while (running.size >= PARTS_IN_FLIGHT && !failed.length) await Promise.race(running);
    if (failed.length) throw failed[0];
    return pool.take();
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
    let buffer: SharedArrayBuffer | null = null;
    let bytes: Buffer = Buffer.alloc(0);
    let filled = 0;
    for await (const chunk of counted(u.body, u.size)) {
      if (failed.length) throw failed[0];
      for (let at = 0; at < chunk.length;) {
        if (!buffer) {
          buffer = await nextBuffer();
          bytes = Buffer.from(buffer);
          filled = 0;
        }
        const n = chunk.copy(bytes, filled, at);
        filled += n;
        at += n;
        if (filled === partSize) {
          send(buffer, filled);
          buffer = null;
        }
      }
    }
    if (buffer && filled) send(buffer, filled);
    while (running.size) await Promise.race(running);
    if (failed.length) throw failed[0];
    const d = await checkedDigests(u, digests);
    const stored = await u.store.completeParts(u.key, await uploadId, etags);
    return { versionId: stored.versionId, ...d };
  }
}
