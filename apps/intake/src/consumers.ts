import type { Kysely } from 'kysely';
import { EVENT_CATALOGUE, STREAMS, evidenceStored, streamNameFor } from '@jir/contracts';
import { IdempotentConsumer, type Bus, type Logger, type ServiceMetrics } from '@jir/service-kit';
import type { IntakeDB } from './db/schema.js';
import { onEvidenceStored } from './evidence/evidence-events.js';

/** What intake consumes: evidence stored (for R-RC-2). */
export function intakeConsumers(deps: {
  db: Kysely<IntakeDB>;
  bus: Bus;
  logger: Logger;
  metrics?: ServiceMetrics;
}) {
  return [
    new IdempotentConsumer({
      db: deps.db,
      bus: deps.bus,
      logger: deps.logger,
      ...(deps.metrics ? { metrics: deps.metrics } : {}),
      stream: streamNameFor(STREAMS.evidence, deps.bus.namespace),
      durable: 'intake',
      catalogue: EVENT_CATALOGUE,
      handlers: { [evidenceStored.type]: onEvidenceStored },
    }),
  ];
}
