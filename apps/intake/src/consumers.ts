import { STREAMS, evidenceStored } from '@jir/contracts';
import { defineConsumer, on } from '@jir/service-kit';
import type { IntakeTables } from './db/schema.js';
import { onEvidenceStored } from './evidence/evidence-events.js';

/** What intake consumes: evidence stored (for R-RC-2). */
export const intakeConsumerDefinitions = [
  defineConsumer<IntakeTables>({ reads: STREAMS.evidence, handlers: [on(evidenceStored, onEvidenceStored)] }),
];
