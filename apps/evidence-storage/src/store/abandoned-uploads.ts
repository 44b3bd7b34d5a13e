import type { Logger } from '@jir/service-kit';

/** An open multipart upload as ListMultipartUploads names it. */
export interface OpenUpload {
  key: string;
  uploadId: string;
  initiated: Date;
}

/** What the abandoner needs of the store. */
export interface MultipartStore {
  openUploads(prefix: string): Promise<OpenUpload[]>;
  abortUpload(key: string, uploadId: string): Promise<void>;
}

/**
 * Aborts the multipart uploads of failed evidence uploads. The store client
 * never aborts a multipart upload that fails part-way (a store killed mid-part,
 * a client gone), and each evidence key is used once, so nothing would ever
 * complete or resume it: its parts would stay in the bucket for good, unseen by
 * the reconciler, which lists objects. The abort is tried at once; a store that
 * is down (the usual reason for the failure) is retried every `retryMs` until it
 * answers. Keys are held in memory: what a process that died left behind, the
 * sweep finds (see {@link sweepAbandonedUploads}).
 */
export class AbandonedUploads {
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private draining: Promise<void> | null = null;

  constructor(
    private readonly store: MultipartStore,
    private readonly opts: { retryMs?: number; logger?: Logger } = {},
  ) {}

  /** Keys whose uploads are still to be aborted (the store was down when they failed). */
  get waiting(): number {
    return this.pending.size;
  }

  /** Aborts the open uploads of a key whose upload failed; resolves after the first try. */
  abandon(key: string): Promise<void> {
    this.pending.add(key);
    return this.drain();
  }

  /** Stops retrying (the service is shutting down); what is left, the sweep finds later. */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private drain(): Promise<void> {
    this.draining ??= this.abortPending().finally(() => (this.draining = null));
    return this.draining;
  }

  private async abortPending(): Promise<void> {
    for (const key of [...this.pending]) {
      try {
        for (const u of await this.store.openUploads(key)) {
          // A prefix listing: a key of another upload that begins with this one is not ours.
          if (u.key === key) await this.store.abortUpload(u.key, u.uploadId);
        }
        this.pending.delete(key);
      } catch (e) {
        this.opts.logger?.warn(
          { key, err: (e as Error).message },
          'could not abort a failed upload yet; retrying',
        );
      }
    }
    if (this.pending.size > 0 && !this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        void this.drain();
      }, this.opts.retryMs ?? 5_000);
      this.timer.unref();
    }
  }
}

/**
 * Aborts every open multipart upload begun before `before`: those of processes
 * that died mid-upload, which no one else will abort. `before` must lie further
 * back than any upload still streaming may have begun.
 */
export async function sweepAbandonedUploads(store: MultipartStore, before: Date): Promise<number> {
  let aborted = 0;
  for (const u of await store.openUploads('')) {
    if (u.initiated.getTime() >= before.getTime()) continue;
    await store.abortUpload(u.key, u.uploadId);
    aborted++;
  }
  return aborted;
}
