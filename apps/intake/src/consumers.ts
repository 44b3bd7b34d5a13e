import type { Kysely } from 'kysely';
import { STREAMS, evidenceStored } from '@jir/contracts';
import {
  defineConsumer,
  instantiateConsumer,
  on,
  type Bus,
  type Logger,
  type ServiceMetrics,
} from '@jir/service-kit';
import type { IntakeDB, IntakeTables } from './db/schema.js';
import { onEvidenceStored } from './evidence/evidence-events.js';

/** What intake consumes: evidence stored (for R-RC-2). */
export const intakeConsumerDefinitions = [
  defineConsumer<IntakeTables>({ reads: STREAMS.evidence, handlers: [on(evidenceStored, onEvidenceStored)] }),
];

/**
 * The running consumers, for callers that still build them by hand; a
 * service started by startService builds them from the definitions.
 * @deprecated pass {@link intakeConsumerDefinitions} to startService.
 */
export function intakeConsumers(deps: {
  db: Kysely<IntakeDB>;
  bus: Bus;
  logger: Logger;
  metrics?: ServiceMetrics;
}) {
  return intakeConsumerDefinitions.map((def) => instantiateConsumer(def, { ...deps, service: 'intake' }));
}
