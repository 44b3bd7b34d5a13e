import type { Kysely } from 'kysely';
import type { KitTables } from '../db/kit-tables.js';
import type { ServiceMetrics } from '../http/metrics.js';
import { countParked } from './consumer.js';
import type { OutboxRelay } from './outbox.js';

/**
 * Keeps the messaging gauges true at each scrape: outbox backlog, each
 * consumer's lag on the server, parked messages per consumer.
 */
export function bindMessagingMetrics(
  metrics: ServiceMetrics,
  parts: {
    db: Kysely<KitTables>;
    relay?: OutboxRelay;
    consumers?: { name: string; lag(): Promise<number> }[];
  },
): void {
  metrics.refreshers.push(async () => {
    if (parts.relay) metrics.outboxBacklog.set(await parts.relay.backlog());
  });
  metrics.refreshers.push(async () => {
    const parked = await countParked(parts.db);
    for (const c of parts.consumers ?? [])
      metrics.parkedMessages.set({ consumer: c.name }, parked[c.name] ?? 0);
  });
  for (const c of parts.consumers ?? []) metrics.refreshers.push(async () => void (await c.lag()));
}
