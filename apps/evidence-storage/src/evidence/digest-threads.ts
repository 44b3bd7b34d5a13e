import { Worker } from 'node:worker_threads';

/*
 * Hashing an upload is most of its CPU: SM3 alone runs at about a quarter of a GB/s, and
 * each part also needs the MD5 and SHA-256 the store's request is sent with. On the main
 * thread those passes and the network take turns; on two threads beside it they overlap
 * with it and with each other (R-NF-3). The parts live in SharedArrayBuffers, so a thread
 * reads the very bytes the main thread uploads: nothing is copied to hash it.
 *
 * The thread's code is a script given as a string (eval): the service runs from its
 * compiled JavaScript and, in tests, from TypeScript, and a string loads the same in both.
 */
const THREAD_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const open = new Map();
parentPort.on('message', (m) => {
  try {
    if (m.op === 'update') {
      let hashes = open.get(m.id);
      if (!hashes && !m.first) throw new Error('no hashes for file ' + m.id + ': the thread lost them');
      if (!hashes) open.set(m.id, (hashes = m.algorithms.map((a) => createHash(a))));
      const bytes = new Uint8Array(m.buffer, 0, m.length);
      for (const h of hashes) h.update(bytes);
      const part = m.part
        ? {
            md5: createHash('md5').update(bytes).digest('base64'),
            sha256: createHash('sha256').update(bytes).digest('hex'),
          }
        : undefined;
      parentPort.postMessage({ seq: m.seq, part });
    } else if (m.op === 'final') {
      const hashes = open.get(m.id) ?? (m.first ? m.algorithms.map((a) => createHash(a)) : undefined);
      if (!hashes) throw new Error('no hashes for file ' + m.id + ': the thread lost them');
      open.delete(m.id);
      parentPort.postMessage({ seq: m.seq, digests: hashes.map((h) => h.digest('hex')) });
    } else if (m.op === 'drop') open.delete(m.id);
  } catch (e) {
    parentPort.postMessage({ seq: m.seq, error: String((e && e.message) || e) });
  }
});
`;

/** What a store request for one part is sent with: Content-MD5 (base64) and x-amz-content-sha256 (hex). */
export interface PartSums {
  md5: string;
  sha256: string;
}

interface Reply {
  seq: number;
  part?: PartSums;
  digests?: string[];
  error?: string;
}

/** One hashing thread: requests answered in order; a thread that dies fails what it held and is replaced. */
class HashThread {
  private worker: Worker | null = null;
  /** Which thread this is: a new one (after one died) knows nothing of the files the last held. */
  private generation = 0;
  private seq = 0;
  private readonly waiting = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();

  /** Starts the thread now (it takes a moment), rather than on the first file. */
  start(): void {
    this.started();
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(THREAD_SOURCE, { eval: true });
    this.generation++;
    // An idle thread must not keep the process alive on shutdown.
    w.unref();
    w.on('message', (r: Reply) => {
      const p = this.waiting.get(r.seq);
      this.waiting.delete(r.seq);
      if (r.error) p?.reject(new Error(`digest thread: ${r.error}`));
      else p?.resolve(r);
    });
    const fail = (e: Error) => {
      if (this.worker !== w) return;
      this.worker = null;
      for (const p of this.waiting.values()) p.reject(e);
      this.waiting.clear();
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`digest thread exited (${code})`)));
    this.worker = w;
    return w;
  }

  /**
   * Sends a request for a file whose hashes live in thread `pinned` (none yet: this is its
   * first request, which pins it). A file whose thread died and was replaced is failed
   * rather than hashed on from nothing: its digests would silently cover only the later bytes.
   */
  request(message: Record<string, unknown>, file: { pinned?: number }): Promise<Reply> {
    const w = this.started();
    const first = file.pinned === undefined;
    if (first) file.pinned = this.generation;
    else if (file.pinned !== this.generation)
      return Promise.reject(new Error('digest thread restarted while it held this file’s hashes'));
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      this.waiting.set(seq, { resolve, reject });
      w.postMessage({ ...message, first, seq });
    });
  }

  /** Forgets an upload's hashes (it failed); nothing waits for the answer. */
  drop(id: number): void {
    this.worker?.postMessage({ op: 'drop', id, seq: 0 });
  }
}

/**
 * The two hashing threads every upload shares. An upload keeps SM3 on one and
 * SHA-256 with the parts' sums on the other (about the same work each); uploads
 * alternate which is which, so concurrent ones spread over both.
 */
export class DigestThreads {
  private readonly threads = [new HashThread(), new HashThread()] as const;
  private uploads = 0;

  /** Starts both threads, so that the first upload does not wait for them. */
  start(): void {
    for (const t of this.threads) t.start();
  }

  /** Digests of one file, fed its parts in order. */
  file(): FileDigests {
    const n = ++this.uploads;
    const [sm3, sha256] = n % 2 ? [this.threads[0], this.threads[1]] : [this.threads[1], this.threads[0]];
    return new FileDigests(n, sm3, sha256);
  }
}

/** SHA-256 and SM3 of one file (R-EV-1, R-BX-6), computed off the main thread as its parts arrive. */
export class FileDigests {
  private dropped = false;
  /** The generation of each thread holding this file's hashes, once it holds them. */
  private readonly onSm3: { pinned?: number } = {};
  private readonly onSha256: { pinned?: number } = {};

  constructor(
    private readonly id: number,
    private readonly sm3Thread: HashThread,
    private readonly sha256Thread: HashThread,
  ) {}

  /**
   * Hashes the next `length` bytes of the file, held at the start of `buffer`. `sums`
   * settles with the part's own MD5 and SHA-256 (when `part` is asked for); `done` once
   * neither thread reads the buffer any more, so it may be filled again.
   */
  feed(
    buffer: SharedArrayBuffer,
    length: number,
    opts: { part: boolean },
  ): { sums: Promise<PartSums | undefined>; done: Promise<void> } {
    const sm3 = this.sm3Thread.request(
      { op: 'update', id: this.id, algorithms: ['sm3'], buffer, length },
      this.onSm3,
    );
    const sha = this.sha256Thread.request(
      { op: 'update', id: this.id, algorithms: ['sha256'], buffer, length, part: opts.part },
      this.onSha256,
    );
    const sums = sha.then((r) => r.part);
    // Callers that want no part sums never read it: its failure is reported through `done`.
    sums.catch(() => undefined);
    // Settled only once both threads are done with the buffer, even when one failed at once:
    // a caller that reuses the buffer on failure must not fill it under the other's reading.
    const done = Promise.allSettled([sm3, sha]).then((both) => {
      for (const r of both) if (r.status === 'rejected') throw r.reason;
    });
    return { sums, done };
  }

  /** Both digests (hex) once every part fed so far is hashed. */
  async final(): Promise<{ sha256: string; sm3: string }> {
    const [sm3, sha256] = await Promise.all([
      this.sm3Thread.request({ op: 'final', id: this.id, algorithms: ['sm3'] }, this.onSm3),
      this.sha256Thread.request({ op: 'final', id: this.id, algorithms: ['sha256'] }, this.onSha256),
    ]);
    return { sha256: sha256.digests![0]!, sm3: sm3.digests![0]! };
  }

  /** The upload failed: the threads forget its hashes. */
  drop(): void {
    if (this.dropped) return;
    this.dropped = true;
    this.sm3Thread.drop(this.id);
    this.sha256Thread.drop(this.id);
  }
}
