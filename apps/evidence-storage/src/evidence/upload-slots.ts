import type { RequestHandler } from 'express';
import { refusal } from '@jir/service-kit';

/**
 * A bound on uploads in flight: each holds up to one part (16 MB by default) in
 * memory while it streams to the store, so without a bound memory grows with
 * the number of clients (R-NF-3). When full, the answer is 503 with Retry-After.
 */
export class UploadSlots {
  inUse = 0;

  constructor(private readonly max: number) {}

  readonly take: RequestHandler = (_req, res, next) => {
    if (this.inUse >= this.max) {
      res.setHeader('Retry-After', '5');
      // The body is not read: close the connection after the answer rather than drain it.
      res.setHeader('Connection', 'close');
      next(
        refusal(
          503,
          'too-many-uploads',
          '同时上传的文件过多，请稍后重试',
          'too many uploads in progress; retry shortly',
          { retryAfterSeconds: 5 },
        ),
      );
      return;
    }
    this.inUse++;
    let released = false;
    res.once('close', () => {
      if (!released) {
        released = true;
        this.inUse--;
      }
    });
    next();
  };
}
