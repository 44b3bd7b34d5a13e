import type { BackgroundJob, Clock, Logger } from '@jir/service-kit';
import { sweepAbandonedUploads, type AbandonedUploads, type MultipartStore } from './abandoned-uploads.js';

/** Hourly, and once at start: open multipart uploads a day old belong to no upload still running. */
const EVERY_MS = 3_600_000;
// An upload that sends nothing for UPLOAD_IDLE_TIMEOUT_SECONDS (at most an hour) is cut off, and
// even 1 GiB at a slow 100 KiB/s streams in under three hours: a day leaves a wide margin.
const OLDER_THAN_MS = 24 * 3_600_000;

/**
 * The sweep behind {@link AbandonedUploads}: what a failed upload's own abort
 * could not reach (the process died before the store came back) is aborted here.
 */
export function abandonedUploadSweep(o: {
  store: MultipartStore;
  abandoned: AbandonedUploads;
  clock: Clock;
  logger: Logger;
}): BackgroundJob {
  const log = o.logger.child({ module: 'abandoned-upload-sweep' });
  let timer: NodeJS.Timeout | null = null;
  const run = async () => {
    try {
      const before = new Date(o.clock.now().getTime() - OLDER_THAN_MS);
      const aborted = await sweepAbandonedUploads(o.store, before);
      if (aborted > 0) log.info({ aborted }, 'aborted multipart uploads abandoned a day or more ago');
    } catch (e) {
      log.warn({ err: (e as Error).message }, 'could not sweep abandoned uploads; next hour again');
    }
  };
  return {
    name: 'abandoned upload sweep',
    start() {
      void run();
      timer = setInterval(() => void run(), EVERY_MS);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      o.abandoned.stop();
    },
  };
}
