import type { Kysely } from 'kysely';
import {
  EVENT_CATALOGUE,
  STREAMS,
  exemptOpinionFiled,
  recordAmended,
  recordDrafted,
  recordEntered,
  streamNameFor,
  type EventEnvelope,
} from '@jir/contracts';
import {
  IdempotentConsumer,
  type Bus,
  type EventHandler,
  type Logger,
  type ServiceMetrics,
} from '@jir/service-kit';
import type { EvidenceDB, EvidenceTables } from './db/schema.js';

/** Learns which records exist and who may attach to them, from intake's events. */
const rememberRecord: EventHandler<EvidenceTables> = async (event: EventEnvelope, trx) => {
  const d = event.data as { recordId: string; handler: string; division: string | null; form: string };
  await trx
    .insertInto('known_records')
    .values({
      record_id: d.recordId,
      court: event.court,
      handler: d.handler,
      division: d.division,
      form: d.form,
      updated_at: event.occurredAt,
    })
    .onConflict((oc) => oc.column('record_id').doUpdateSet({ form: d.form, updated_at: event.occurredAt }))
    .execute();
};

/** An exempt opinion's files are evidence too, filed to the main volume (R-EV-4, R-SC-4). */
const rememberOpinion: EventHandler<EvidenceTables> = async (event: EventEnvelope, trx) => {
  const d = event.data as { opinionId: string; handler: string; division: string | null };
  await trx
    .insertInto('known_records')
    .values({
      record_id: d.opinionId,
      court: event.court,
      handler: d.handler,
      division: d.division,
      form: 'document',
      kind: 'exempt-opinion',
      updated_at: event.occurredAt,
    })
    .onConflict((oc) => oc.column('record_id').doNothing())
    .execute();
};

export function evidenceConsumers(deps: {
  db: Kysely<EvidenceDB>;
  bus: Bus;
  logger: Logger;
  metrics?: ServiceMetrics;
}) {
  return [
    new IdempotentConsumer<EvidenceTables>({
      db: deps.db,
      bus: deps.bus,
      logger: deps.logger,
      ...(deps.metrics ? { metrics: deps.metrics } : {}),
      stream: streamNameFor(STREAMS.intake, deps.bus.namespace),
      durable: 'evidence-storage',
      catalogue: EVENT_CATALOGUE,
      handlers: {
        [recordDrafted.type]: rememberRecord,
        [recordEntered.type]: rememberRecord,
        [recordAmended.type]: rememberRecord,
        [exemptOpinionFiled.type]: rememberOpinion,
      },
    }),
  ];
}
