import { Readable, Transform, type TransformCallback } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';
import type { BufferPool, PooledBuffer } from './buffer-pool.js';
import type { DigestThreads, FileDigests } from './digest-threads.js';
import { SEGMENT_BYTES, SEGMENTS_PER_DOWNLOAD } from './transfer-buffers.js';

/** How many leading bytes decide the media type. */
export const SNIFF_BYTES = 4100;

/** What an upload stream failed with; the HTTP layer maps each to a clear 4xx. */
export class UploadStreamError extends Error {
  constructor(
    readonly code: 'length-mismatch' | 'digest-mismatch' | 'upload-truncated' | 'upload-idle',
    message: string,
  ) {
    super(message);
    this.name = 'UploadStreamError';
  }
}

/** Segments of one download waiting to be hashed at once (a fourth fills meanwhile). */
const SEGMENTS_OUT = SEGMENTS_PER_DOWNLOAD - 1;

/**
 * Verifies a download against the digests recorded at upload while it streams
 * (R-EV-3). The last chunk is held back until both digests match, so a
 * mismatch fails the stream before the client has every byte: the transfer
 * ends incomplete instead of serving altered evidence as whole.
 *
 * The hashing runs on the digest threads (it would otherwise be most of a
 * download's CPU): bytes are copied into shared segments for them and pass on
 * at once; at most SEGMENTS_OUT segments wait to be hashed, so a slow thread
 * slows the transfer instead. Segments come from a pool all downloads share,
 * capped: when it is empty the download waits (until it is destroyed), and
 * every segment goes back on every path once no thread reads it.
 */
export class DigestVerifier extends Transform {
  private held: Buffer | null = null;
  private readonly digests: FileDigests;
  private segment: PooledBuffer | null = null;
  private bytes: Buffer = Buffer.alloc(0);
  private filled = 0;
  private readonly hashing = new Set<Promise<void>>();
  private readonly failed: unknown[] = [];
  /** Ends a wait for a segment when the download is destroyed (the client left, the store failed). */
  private readonly gone = new AbortController();

  constructor(
    private readonly expected: { sha256: string; sm3: string },
    threads: DigestThreads,
    private readonly pool: BufferPool,
  ) {
    super();
    this.digests = threads.file();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.hash(chunk).then(() => {
      const out = this.held;
      this.held = chunk;
      cb(null, out ?? undefined);
    }, cb);
  }

  override _flush(cb: TransformCallback): void {
    if (this.segment) this.send();
    this.settled()
      .then(() => this.digests.final())
      .then((d) => {
        if (d.sha256 !== this.expected.sha256 || d.sm3 !== this.expected.sm3)
          cb(new UploadStreamError('digest-mismatch', 'the stored bytes do not match the recorded digests'));
        else cb(null, this.held ?? undefined);
      }, cb);
  }

  override _destroy(err: Error | null, cb: (error: Error | null) => void): void {
    this.gone.abort();
    // The segment being filled was never sent: nothing else reads it. Those being hashed go
    // back when their threads are done with them (send()).
    this.segment?.release();
    this.segment = null;
    this.digests.drop();
    cb(err);
  }

  private async hash(chunk: Buffer): Promise<void> {
    for (let at = 0; at < chunk.length;) {
      if (!this.segment) {
        while (this.hashing.size >= SEGMENTS_OUT && !this.failed.length) await Promise.race(this.hashing);
        if (this.failed.length) throw this.failed[0];
        // Destroyed while waiting (the client left): feeding now would make the threads hold
        // hashes of a file that has already been dropped, for ever.
        if (this.destroyed) return;
        const segment = await this.pool.take(this.gone.signal).catch(() => null);
        if (!segment) return;
        if (this.destroyed) {
          segment.release();
          return;
        }
        this.segment = segment;
        this.bytes = Buffer.from(segment.buffer);
        this.filled = 0;
      }
      const n = chunk.copy(this.bytes, this.filled, at);
      this.filled += n;
      at += n;
      if (this.filled === SEGMENT_BYTES) this.send();
    }
  }

  private send(): void {
    const segment = this.segment!;
    this.segment = null;
    if (this.destroyed) {
      segment.release();
      return;
    }
    const task: Promise<void> = this.digests
      .feed(segment.buffer, this.filled, { part: false })
      // `done` settles once neither thread reads the segment, failed or not.
      .done.catch((e: unknown) => void this.failed.push(e))
      .finally(() => {
        segment.release();
        this.hashing.delete(task);
      });
    this.hashing.add(task);
  }

  private async settled(): Promise<void> {
    while (this.hashing.size) await Promise.race(this.hashing);
    if (this.failed.length) throw this.failed[0];
  }
}

/**
 * Passes bytes through, failing with `upload-idle` when none arrive for `ms`:
 * a body that stops sending would otherwise hold an upload slot (and a part
 * buffer) until the socket's own timeout, minutes later.
 *
 * The silence counts only while the reader keeps up. When the reader stops
 * asking (every part buffer taken, a slow store), the bytes pile up here and
 * the client is held back by us: a timer running then would answer 408 and
 * blame the client for the server's wait. It starts again when the reader asks.
 */
export class IdleGuard extends Transform {
  private timer: NodeJS.Timeout | undefined;
  /** Ended, failed or given up: the reader may still drain what is left, with no timer. */
  private stopped = false;

  constructor(private readonly ms: number) {
    super();
    this.arm();
  }

  private arm(): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    this.timer = setTimeout(
      () => this.destroy(new UploadStreamError('upload-idle', `no bytes for ${this.ms} ms`)),
      this.ms,
    );
    this.timer.unref();
  }

  /** No more watching: the upload has ended one way or another. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  override _read(size: number): void {
    // The reader asks for more: from now on, a silence is the client's.
    this.arm();
    super._read(size);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    cb(null, chunk);
    // A full buffer means the reader has stopped asking: no timer until it asks again (_read).
    if (this.readableLength >= this.readableHighWaterMark) clearTimeout(this.timer);
    else this.arm();
  }

  override _flush(cb: TransformCallback): void {
    this.stop();
    cb();
  }

  override _destroy(err: Error | null, cb: (error: Error | null) => void): void {
    this.stop();
    cb(err);
  }
}

/**
 * Reads the first bytes of a stream without losing them: resolves with the
 * head and a stream that yields the head and then the rest.
 */
export async function peek(source: Readable, n = SNIFF_BYTES): Promise<{ head: Buffer; stream: Readable }> {
  const it = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const chunks: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < n) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    chunks.push(r.value);
    size += r.value.length;
  }
  const head = Buffer.concat(chunks);
  async function* all() {
    yield head;
    if (done) return;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  }
  return { head, stream: Readable.from(all(), { objectMode: false }) };
}

/** Evidence types a court keeps: images, audio, video, PDF, email, text, office documents, archives (R-EV-1). */
const ALLOWED = [
  /^image\/(jpeg|png|gif|webp|bmp|tiff|heic|heif|avif)$/,
  /^audio\//,
  /^video\//,
  /^application\/pdf$/,
  /^message\/rfc822$/,
  /^text\/plain$/,
  /^application\/(zip|gzip|x-7z-compressed|x-rar-compressed|x-tar|x-cfb|vnd\.ms-outlook|rtf|msword)$/,
  /^application\/vnd\.openxmlformats-officedocument\./,
  /^application\/vnd\.oasis\.opendocument\./,
];

export function isAllowedMediaType(type: string): boolean {
  return ALLOWED.some((r) => r.test(type));
}

const MAIL_HEADER = /^(return-path|received|from|to|subject|date|message-id|mime-version|delivered-to):/im;

/** The media type from the bytes, never from what the client claims. */
export async function detectMediaType(head: Buffer): Promise<string> {
  const t = await fileTypeFromBuffer(head);
  if (t) return t.mime;
  if (head.includes(0)) return 'application/octet-stream';
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return MAIL_HEADER.test(text.split(/\r?\n\r?\n/)[0] ?? '') ? 'message/rfc822' : 'text/plain';
  } catch {
    return 'application/octet-stream';
  }
}

/** The original name made safe to keep and show: no path, no control characters, bounded length. */
export function safeFileName(raw: string | undefined): string {
  let decoded: string;
  try {
    decoded = raw ? decodeURIComponent(raw) : '';
  } catch {
    decoded = raw ?? '';
  }
  // Control characters and bidirectional overrides (which disguise extensions) go.
  const name = decoded
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '')
    .split(/[\\/]/)
    .pop()!
    .trim()
    .replace(/^\.+/, '');
  return (name || 'evidence').slice(0, 255);
}

/** RFC 6266/5987 Content-Disposition keeping the Chinese name, with an ASCII fallback. */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
