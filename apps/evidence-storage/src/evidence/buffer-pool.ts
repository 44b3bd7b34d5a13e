/** A buffer taken from a {@link BufferPool}, until it is released. */
export interface PooledBuffer {
  readonly buffer: SharedArrayBuffer;
  /**
   * Gives the buffer back; only once nothing reads it any more (no digest thread, no store
   * request), or it would be filled under its reader. Idempotent: error paths may all call it,
   * and a second call can never hand one buffer to two transfers.
   */
  release(): void;
}

interface Waiter {
  resolve: (b: PooledBuffer) => void;
  reject: (e: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/**
 * SharedArrayBuffers of one size with a hard cap: never more than `capacity` of them exist,
 * whether in use or free. They are kept, not left to the collector: a digest thread's heap is
 * small and seldom collected, and every buffer it was once sent stays allocated until it is,
 * so buffers dropped and made anew grew the service's memory with each file (R-NF-3). When all
 * are out, `take()` waits, first come first served, until one is released or the caller's
 * signal aborts (its transfer failed or its client left), so memory waits rather than grows.
 */
export class BufferPool {
  private readonly free: SharedArrayBuffer[] = [];
  private readonly queue: Waiter[] = [];
  private created = 0;
  private out = 0;

  constructor(
    readonly size: number,
    readonly capacity: number,
  ) {
    if (!Number.isSafeInteger(capacity) || capacity < 1)
      throw new Error(`a buffer pool needs room for at least one buffer (capacity ${capacity})`);
  }

  /** Buffers taken and not yet released: what the tests hold every error path to (0 once all transfers end). */
  get inUse(): number {
    return this.out;
  }

  /** Callers waiting for a buffer because all `capacity` are out. */
  get waiting(): number {
    return this.queue.length;
  }

  /** A buffer of `size` bytes (contents undefined); waits while all are out, rejects with the signal's reason if it aborts. */
  take(signal?: AbortSignal): Promise<PooledBuffer> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    // Nobody overtakes a waiter: a free buffer exists only while the queue is empty.
    if (!this.queue.length) {
      const buffer = this.free.pop() ?? (this.created < this.capacity ? this.allocate() : undefined);
      if (buffer) return Promise.resolve(this.lease(buffer));
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          const at = this.queue.indexOf(waiter);
          if (at >= 0) this.queue.splice(at, 1);
          reject(signal!.reason);
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.queue.push(waiter);
    });
  }

  private allocate(): SharedArrayBuffer {
    this.created++;
    return new SharedArrayBuffer(this.size);
  }

  private lease(buffer: SharedArrayBuffer): PooledBuffer {
    this.out++;
    let released = false;
    return {
      buffer,
      release: () => {
        if (released) return;
        released = true;
        this.out--;
        this.handOn(buffer);
      },
    };
  }

  private handOn(buffer: SharedArrayBuffer): void {
    const next = this.queue.shift();
    if (!next) {
      this.free.push(buffer);
      return;
    }
    next.signal?.removeEventListener('abort', next.onAbort);
    next.resolve(this.lease(buffer));
  }
}
