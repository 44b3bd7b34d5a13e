import type { z } from 'zod';
import {
  STREAMS,
  obligationBreached,
  obligationCreated,
  obligationMet,
  obligationReminded,
  recordAmended,
  recordDrafted,
  recordEntered,
  sampleVerified,
  type EventEnvelope,
  type recordFactsSchema,
} from '@jir/contracts';
import { quarterOf, shanghaiDate } from '@jir/rules';
import { defineConsumer, on, type KitTables } from '@jir/service-kit';
import type { Transaction } from 'kysely';
import type { ReportingTables } from '../db/schema.js';
import { insertSampleVerification, upsertObligation, upsertRecord } from './read-model.repository.js';

type Trx = Transaction<ReportingTables & KitTables>;
type Facts = z.output<typeof recordFactsSchema> & { enteredAt?: string };

/** A record's facts, from any of intake's record events (with or without the interferer, R-RP-1). */
async function rememberRecord(event: EventEnvelope<Facts>, trx: Trx) {
  const d = event.data;
  const received = new Date(d.receivedAt);
  await upsertRecord(trx, {
    record_id: d.recordId,
    court: event.court,
    handler: d.handler,
    division: d.division,
    case_number: d.caseNumber,
    stage: d.stage,
    form: d.form,
    interferer_kind: d.interfererKind,
    unit_type: d.unitType,
    identity_id: d.interfererIdentityId,
    interferer_name: d.interferer?.name ?? null,
    interferer_unit: d.interferer?.unit ?? null,
    interferer_position: d.interferer?.position ?? null,
    special_items: d.specialItems,
    severe: d.severe,
    involves_principal_leader: d.involvesPrincipalLeader,
    received_at: d.receivedAt,
    quarter: quarterOf(received),
    month: shanghaiDate(received).slice(0, 7),
    entered_at: d.enteredAt ?? null,
    // Events written before revisions existed count as 0: older than any that carries one.
    revision: d.revision ?? 0,
  });
}

const obligationOf = (
  e: EventEnvelope<{ obligationId: string; kind: string; subjectId: string; dueAt: string }>,
) => ({
  obligationId: e.data.obligationId,
  court: e.court,
  kind: e.data.kind,
  subjectId: e.data.subjectId,
  dueAt: e.data.dueAt,
});

/**
 * What the read model is fed: intake's record facts and verification
 * outcomes, the deadline monitor's obligations and their outcomes (timeliness
 * is never recomputed here). Every handler commutes or compares revisions, so
 * a replay of the streams in any order rebuilds the same tables.
 */
export const readModelConsumers = [
  defineConsumer<ReportingTables>({
    reads: STREAMS.intake,
    handlers: [
      on(recordDrafted, rememberRecord),
      on(recordEntered, rememberRecord),
      on(recordAmended, rememberRecord),
      on(sampleVerified, (e, trx) =>
        insertSampleVerification(trx, {
          drawId: e.data.drawId,
          recordId: e.data.recordId,
          court: e.court,
          quarter: e.data.quarter,
          outcome: e.data.outcome,
          verifiedAt: e.data.verifiedAt,
        }),
      ),
    ],
  }),
  defineConsumer<ReportingTables>({
    reads: STREAMS.deadlines,
    handlers: [
      on(obligationCreated, (e, trx) => upsertObligation(trx, obligationOf(e))),
      on(obligationReminded, (e, trx) => upsertObligation(trx, obligationOf(e))),
      on(obligationMet, (e, trx) =>
        upsertObligation(trx, obligationOf(e), { metAt: e.data.metAt, lateByMs: e.data.lateByMs }),
      ),
      on(obligationBreached, (e, trx) =>
        upsertObligation(trx, obligationOf(e), { breachedAt: e.data.breachedAt }),
      ),
    ],
  }),
];
