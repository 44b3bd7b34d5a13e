import type { z } from 'zod';
import type { recordFactsSchema } from '@jir/contracts';
import {
  STREAMS,
  exemptOpinionFiled,
  recordAmended,
  recordDrafted,
  recordEntered,
  type EventEnvelope,
} from '@jir/contracts';
import { defineConsumer, on, type KitTables } from '@jir/service-kit';
import type { Transaction } from 'kysely';
import type { EvidenceTables } from './db/schema.js';
import { insertOpinion, upsertRecordFacts } from './known-records.repository.js';

type Trx = Transaction<EvidenceTables & KitTables>;

/**
 * Learns which records exist and who may attach to them, from intake's
 * events. Drafted, entered and amended may arrive in any order (and an
 * entered event repeats the revision of the last amendment): the facts of the
 * highest revision win, so the order of arrival does not matter.
 */
async function rememberRecord(event: EventEnvelope<z.output<typeof recordFactsSchema>>, trx: Trx) {
  const d = event.data;
  await upsertRecordFacts(trx, {
    recordId: d.recordId,
    court: event.court,
    handler: d.handler,
    division: d.division,
    form: d.form,
    // Events written before revisions existed count as 0: older than any that carries one.
    revision: d.revision ?? 0,
    at: event.occurredAt,
  });
}

/**
 * An exempt opinion's files are evidence too, filed to the main volume
 * (R-EV-4, R-SC-4). Its facts never change, so the first arrival is kept:
 * commutative and idempotent without a revision.
 */
async function rememberOpinion(event: EventEnvelope<z.output<typeof exemptOpinionFiled.data>>, trx: Trx) {
  const d = event.data;
  await insertOpinion(trx, {
    opinionId: d.opinionId,
    court: event.court,
    handler: d.handler,
    division: d.division,
    at: event.occurredAt,
  });
}

/** What evidence storage consumes: intake's record and exempt-opinion events. */
export const evidenceConsumerDefinitions = [
  defineConsumer<EvidenceTables>({
    reads: STREAMS.intake,
    handlers: [
      on(recordDrafted, rememberRecord),
      on(recordEntered, rememberRecord),
      on(recordAmended, rememberRecord),
      on(exemptOpinionFiled, rememberOpinion),
    ],
  }),
];
