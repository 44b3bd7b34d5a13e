import type { Response } from 'express';
import { problem } from '@jir/service-kit';

/**
 * A bound on uploads in flight: each holds up to three parts (16 MiB each by
 * default: two on their way to the store, one filling; see streamed-upload.ts)
 * in memory while it streams to the store, so without a bound memory grows with
 * the number of clients (R-NF-3). When full, the answer is 503 with Retry-After.
 * A slot is taken only once the caller's right and the record are known, so
 * callers who may not store anything can never hold one.
 */
export class UploadSlots {
  inUse = 0;

  constructor(private readonly max: number) {}

  /** Takes a slot for this response until it closes; throws the 503 refusal when none is free. */
  take(res: Response): void {
    // A client that left while its upload was being admitted has closed already: its 'close'
    // has passed, so a slot taken now would never be given back.
    if (res.closed)
      throw problem({
        status: 400,
        code: 'client-gone',
        message: { zh: '客户端已断开连接', en: 'the client closed the connection' },
      });
    if (this.inUse >= this.max) {
      res.setHeader('Retry-After', '5');
      // The body is not read: close the connection after the answer rather than drain it.
      res.setHeader('Connection', 'close');
      throw problem({
        status: 503,
        code: 'too-many-uploads',
        message: {
          zh: '同时上传的文件过多，请稍后重试',
          en: 'too many uploads in progress; retry shortly',
        },
        extra: { retryAfterSeconds: 5 },
      });
    }
    this.inUse++;
    let released = false;
    res.once('close', () => {
      if (!released) {
        released = true;
        this.inUse--;
      }
    });
  }
}
