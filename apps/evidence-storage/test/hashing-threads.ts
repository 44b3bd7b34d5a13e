import type { Worker } from 'node:worker_threads';
import type { DigestThreads } from '../src/evidence/digest-threads.js';

/** The two hashing threads' workers (null while a thread is not running). */
export const hashingWorkers = (threads: DigestThreads) =>
  (threads as unknown as { threads: { worker: Worker | null }[] }).threads;

/** Kills both hashing threads, as a crash would, and waits until they are gone. */
export async function killHashingThreads(threads: DigestThreads): Promise<void> {
  await Promise.all(
    hashingWorkers(threads).map(async (t) => {
      const w = t.worker;
      if (!w) return;
      const gone = new Promise((r) => w.once('exit', r));
      await w.terminate();
      await gone;
    }),
  );
}
