import type { Kysely } from 'kysely';
import type { KitTables } from '@jir/service-kit';
import { waitFor } from './wait-for.js';

/**
 * Waits until a service's inbox (the kit's record of the events its consumers
 * applied) holds `count` events, or every one of `eventIds`: how a test knows
 * what it published was applied, without sleeping. Counting only its own ids
 * lets tests that share a service hold whatever the order of arrival.
 */
export async function eventsApplied<DB extends KitTables>(
  db: Kysely<DB>,
  o: ({ count: number } | { eventIds: readonly string[] }) & { timeoutMs?: number },
): Promise<void> {
  const kit = db as unknown as Kysely<KitTables>;
  const ids = 'eventIds' in o ? o.eventIds : undefined;
  const wanted = ids ? ids.length : (o as { count: number }).count;
  await waitFor(
    async () => {
      let q = kit.selectFrom('inbox').select((eb) => eb.fn.countAll<number>().as('n'));
      if (ids) q = q.where('event_id', 'in', ids);
      return Number((await q.executeTakeFirstOrThrow()).n) >= wanted || undefined;
    },
    {
      what: `${wanted} events through the inbox`,
      ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
    },
  );
}
