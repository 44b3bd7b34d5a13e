import DataLoader from 'dataloader';
import type { Kysely } from 'kysely';
import type { IntakeDB } from '../db/schema.js';
import { identitiesOfKeys } from './identities.repository.js';

/**
 * Reads the identities of name keys for concurrent record creates in shared
 * queries (R-NF-1): while one query is out, the keys asked for meanwhile wait
 * and go together in the next one, so a busy court pays one round trip for
 * many records instead of one each, and a lone request is sent at once (no
 * timer). Nothing is cached: a merge moves keys to another identity
 * (`foldIdentity`), and the next read must see it.
 *
 * DataLoader does the batching and the mapping of answers back to callers
 * (with no cache it sends a key asked twice twice, which `any()` takes); this
 * module only decides when a batch leaves (its `batchScheduleFn`).
 */
export function identityKeyLookup(
  db: Kysely<IntakeDB>,
  maxBatch = 256,
): (key: string) => Promise<string | undefined> {
  let inFlight = 0;
  const waiting: (() => void)[] = [];
  const loader = new DataLoader<string, string | undefined>(
    async (keys) => {
      inFlight++;
      try {
        const found = await identitiesOfKeys(db, keys);
        return keys.map((k) => found.get(k));
      } finally {
        inFlight--;
        for (const dispatch of waiting.splice(0)) dispatch();
      }
    },
    {
      cache: false,
      maxBatchSize: maxBatch,
      batchScheduleFn: (dispatch) => {
        if (inFlight === 0) process.nextTick(dispatch);
        else waiting.push(dispatch);
      },
    },
  );
  return (key) => loader.load(key);
}
