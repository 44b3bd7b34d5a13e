import { createHash } from 'node:crypto';
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

/** True when an error means the store was unreachable or overloaded, not that the object is bad. */
export function isStoreDown(e: unknown): boolean {
  const m = `${(e as { code?: string }).code ?? ''} ${(e as Error).message ?? ''}`;
  return /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|socket hang up|other side closed|ServiceUnavailable|SlowDown/i.test(
    m,
  );
}

/**
 * Re-reads the version recorded at upload and recomputes both digests. Returns
 * the problem found, or null when the object is intact; throws
 * StoreUnavailableError (a plain error, never an HTTP answer) when the store
 * cannot be reached, so the caller decides what that means for it.
 */
export async function verifyStoredObject(
  store: ObjectStore,
  row: { object_key: string; version_id: string | null; sha256: string; sm3: string },
): Promise<IntegrityProblem | null> {
  try {
    const s = await store.get(row.object_key, row.version_id);
    const h256 = createHash('sha256');
    const hsm3 = createHash('sm3');
    for await (const chunk of s) {
      h256.update(chunk as Buffer);
      hsm3.update(chunk as Buffer);
    }
    return h256.digest('hex') !== row.sha256 || hsm3.digest('hex') !== row.sm3 ? 'digest-mismatch' : null;
  } catch (e) {
    if (isStoreDown(e)) throw new StoreUnavailableError(e);
    return 'missing-object';
  }
}
