import type { Readable } from 'node:stream';
import type { Response } from 'express';
import { UploadStreamError, type DigestVerifier } from './upload-pipeline.js';

/** A stored file opened for reading: the store's response, and what the client is sent (verified when whole). */
export interface OpenedFile {
  source: Readable;
  stream: Readable;
  /** Set on a whole-file download, whose digests are checked as it streams. */
  verifier: DigestVerifier | null;
  reportMismatch: () => Promise<unknown>;
}

/** How long a download may go without the client taking a byte before it is cut (R-NF-3). */
export const STALLED_CLIENT_MS = 60_000;

/**
 * Streams an opened file to the response. A whole-file download holds a
 * segment of the capped download budget while it waits for its client, so
 * every way the client can fail ends the transfer and gives the segment back:
 * a client already gone while the file was being opened (its 'close' has
 * passed, so no listener would ever fire), one gone mid-transfer, and one
 * that stops reading: its buffer stays full, with no 'drain', for
 * `stalledMs`. Not the socket's idle timer: that also runs while the server
 * has nothing to write (a download waiting its turn for a segment, or for the
 * hashing threads) and cut such downloads, and it outlived the response on a
 * connection with pipelined requests. A store error or a
 * digest mismatch ends the response incomplete (the socket is destroyed), so
 * the client can never take altered or partial evidence as whole.
 */
export function sendOpenedFile(res: Response, f: OpenedFile, stalledMs = STALLED_CLIENT_MS): void {
  const end = () => {
    f.stream.destroy();
    f.source.destroy();
  };
  if (res.closed) {
    end();
    return;
  }
  f.source.on('error', () => res.destroy());
  f.stream.on('error', (e) => {
    res.destroy();
    if (f.verifier && e instanceof UploadStreamError) void f.reportMismatch().catch(() => undefined);
  });
  let stalled: NodeJS.Timeout | undefined;
  const moving = () => {
    clearTimeout(stalled);
    stalled = undefined;
  };
  res.once('close', () => {
    moving();
    if (!res.writableFinished) end();
  });
  res.on('drain', moving);
  f.stream.pipe(res);
  // After the pipe's own listener has written the chunk: a full buffer is a client not keeping up.
  f.stream.on('data', () => {
    if (res.writableNeedDrain && !stalled) stalled = setTimeout(() => res.destroy(), stalledMs);
  });
}
