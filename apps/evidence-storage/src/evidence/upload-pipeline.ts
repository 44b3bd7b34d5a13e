import { createHash } from 'node:crypto';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';

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

/**
 * Counts and digests bytes as they pass (SHA-256 and SM3, R-EV-1, R-BX-6).
 * At the end it checks the declared size and, if the client sent one, the
 * expected SHA-256; a mismatch fails the stream before the store completes
 * the object, so nothing is stored.
 */
export class DigestingCounter extends Transform {
  bytes = 0;
  sha256 = '';
  sm3 = '';
  private readonly h256 = createHash('sha256');
  private readonly hsm3 = createHash('sm3');

  constructor(private readonly expected: { size: number; sha256?: string | undefined }) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.expected.size) {
      cb(
        new UploadStreamError('length-mismatch', `body is longer than Content-Length ${this.expected.size}`),
      );
      return;
    }
    this.h256.update(chunk);
    this.hsm3.update(chunk);
    cb(null, chunk);
  }

  override _flush(cb: TransformCallback): void {
    this.sha256 = this.h256.digest('hex');
    this.sm3 = this.hsm3.digest('hex');
    if (this.bytes !== this.expected.size) {
      cb(
        new UploadStreamError(
          'length-mismatch',
          `received ${this.bytes} bytes, Content-Length said ${this.expected.size}`,
        ),
      );
    } else if (this.expected.sha256 && this.expected.sha256 !== this.sha256) {
      cb(new UploadStreamError('digest-mismatch', 'the content does not match the SHA-256 the client sent'));
    } else cb();
  }
}

/**
 * Verifies a download against the digests recorded at upload while it streams
 * (R-EV-3). The last chunk is held back until both digests match, so a
 * mismatch fails the stream before the client has every byte: the transfer
 * ends incomplete instead of serving altered evidence as whole.
 */
export class DigestVerifier extends Transform {
  private readonly h256 = createHash('sha256');
  private readonly hsm3 = createHash('sm3');
  private held: Buffer | null = null;

  constructor(private readonly expected: { sha256: string; sm3: string }) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.h256.update(chunk);
    this.hsm3.update(chunk);
    const out = this.held;
    this.held = chunk;
    cb(null, out ?? undefined);
  }

  override _flush(cb: TransformCallback): void {
    if (this.h256.digest('hex') !== this.expected.sha256 || this.hsm3.digest('hex') !== this.expected.sm3) {
      cb(new UploadStreamError('digest-mismatch', 'the stored bytes do not match the recorded digests'));
      return;
    }
    cb(null, this.held ?? undefined);
  }
}

/**
 * Passes bytes through, failing with `upload-idle` when none arrive for `ms`:
 * a body that stops sending would otherwise hold an upload slot (and a part
 * buffer) until the socket's own timeout, minutes later.
 */
export class IdleGuard extends Transform {
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly ms: number) {
    super();
    this.arm();
  }

  private arm(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(
      () => this.destroy(new UploadStreamError('upload-idle', `no bytes for ${this.ms} ms`)),
      this.ms,
    );
    this.timer.unref();
  }

  /** No more watching: the upload has ended one way or another. */
  stop(): void {
    clearTimeout(this.timer);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.arm();
    cb(null, chunk);
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
