import { createHash } from 'node:crypto';
import { failWhenSilent } from '../store/answer-deadline.js';
import type { ObjectStore } from '../store/object-store.js';

/** What a re-read of a stored object found wrong (R-EV-3). */
export type IntegrityProblem = 'digest-mismatch' | 'missing-object';

/** The store itself could not be reached: nothing can be concluded about the object. */
export class StoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`evidence store unavailable: ${(cause as Error).message ?? String(cause)}`, { cause });
    this.name = 'StoreUnavailableError';
  }
}

/**
 * True when an error means the store was unreachable or overloaded, not that the object is bad.
 * minio retries a 5xx or 429 answer once and then throws a plain Error naming the status: without
 * it, a store answering 503 made the integrity check report the object missing (a false finding).
 */
export function isStoreDown(e: unknown): boolean {
  const m = `${(e as { code?: string } | null)?.code ?? ''} ${(e as Error | null)?.message ?? ''}`;
  return /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|socket hang up|other side closed|ServiceUnavailable|SlowDown|Retryable HTTP status: \d+/i.test(
    m,
  );
}

/** What the chain of custody recorded at upload ('uploaded' entry), the witness the row is held to. */
export interface UploadedFacts {
  sha256?: string;
  sm3?: string;
  size?: number;
}

/** An object as its row and its upload's custody entry describe it. */
export interface StoredObject {
  object_key: string;
  version_id: string | null;
  sha256: string;
  sm3: string;
  size: number | string;
  /** The custody entry written with the row at upload (its first 'uploaded' entry). */
  uploaded: UploadedFacts | null;
}

/**
 * Re-reads the version recorded at upload and recomputes both digests and the
 * size. The row is held to the custody entry written with it at upload as
 * well: custody is append-only, so a row whose digests were rewritten to match
 * a forged object still disagrees with it (R-EV-3). Returns the problem
 * found, or null when the object is intact; throws StoreUnavailableError (a
 * plain error, never an HTTP answer) when the store cannot be reached, so the
 * caller decides what that means for it.
 */
export async function verifyStoredObject(
  store: ObjectStore,
  row: StoredObject,
): Promise<IntegrityProblem | null> {
  try {
    const s = await store.get(row.object_key, row.version_id);
    failWhenSilent(s, store.answerDeadlineMs);
    const h256 = createHash('sha256');
    const hsm3 = createHash('sm3');
    let bytes = 0;
    for await (const chunk of s) {
      bytes += (chunk as Buffer).length;
      h256.update(chunk as Buffer);
      hsm3.update(chunk as Buffer);
    }
    const u = row.uploaded;
    const rowAltered =
      !u ||
      u.sha256 !== row.sha256 ||
      (u.sm3 !== undefined && u.sm3 !== row.sm3) ||
      (u.size !== undefined && Number(u.size) !== Number(row.size));
    return rowAltered ||
      h256.digest('hex') !== row.sha256 ||
      hsm3.digest('hex') !== row.sm3 ||
      bytes !== Number(row.size)
      ? 'digest-mismatch'
      : null;
  } catch (e) {
    if (isStoreDown(e)) throw new StoreUnavailableError(e);
    return 'missing-object';
  }
}
