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
import { quarterOf, shanghaiDate, type CourtHierarchy } from '@jir/rules';
import { defineConsumer, on, type Clock, type KitTables } from '@jir/service-kit';
import type { Transaction } from 'kysely';
import type { ReportingTables } from '../db/schema.js';
import type { Deployment } from '../delivery/deployment-routing.js';
import { escalateSevereRecord } from '../delivery/escalation.js';
import type { SigningKey } from '../reports/report-signing.js';
import { withRecordCounts } from './record-counts.js';
import { insertSampleVerification, upsertObligation, upsertRecord } from './read-model.repository.js';

/** What escalating a severe record needs (R-RP-2); without it the read model is fed and nothing is sent. */
export interface EscalationDeps {
  courts: CourtHierarchy;
  deployment: Deployment;
  key: SigningKey;
  clock: Clock;
  /** Send a principal leader's record's content to that leader's own committee all the same (R-RP-2). */
  principalLeaderContentToOwnCommittee?: boolean;
  /** Nudges the delivery worker once the escalation's rows commit. */
  wake?: () => void;
}

type Trx = Transaction<ReportingTables & KitTables>;
type Facts = z.output<typeof recordFactsSchema> & { enteredAt?: string };

/** A record's facts, from any of intake's record events (with or without the interferer, R-RP-1). */
async function rememberRecord(event: EventEnvelope<Facts>, trx: Trx, escalation?: EscalationDeps) {
  const d = event.data;
  const received = new Date(d.receivedAt);
  const row = {
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
  };
  await withRecordCounts(trx, d.recordId, () => upsertRecord(trx, row));
  if (!escalation) return;
  // A severe record goes up at once once it is entered (R-RP-2); whichever event shows both first
  // creates the hops, the rest find them there.
  const known = await trx
    .selectFrom('rm_records')
    .selectAll()
    .where('record_id', '=', d.recordId)
    .executeTakeFirst();
  if (known?.entered_at && (d.severe || known.severe)) {
    await escalateSevereRecord(
      trx,
      { ...escalation, now: escalation.clock.now() },
      { ...known, entered_at: known.entered_at },
    );
    escalation.wake?.();
  }
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
export const readModelConsumers = (escalation?: EscalationDeps) => [
  defineConsumer<ReportingTables>({
    reads: STREAMS.intake,
    handlers: [
      on(recordDrafted, (e, trx) => rememberRecord(e, trx, escalation)),
      on(recordEntered, (e, trx) => rememberRecord(e, trx, escalation)),
      on(recordAmended, (e, trx) => rememberRecord(e, trx, escalation)),
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
      // An entry or copy duty's state counts in its record's timeliness (R-RP-1): the sums move with it.
      on(obligationCreated, (e, trx) =>
        withRecordCounts(trx, e.data.subjectId, () => upsertObligation(trx, obligationOf(e))),
      ),
      on(obligationReminded, (e, trx) =>
        withRecordCounts(trx, e.data.subjectId, () => upsertObligation(trx, obligationOf(e))),
      ),
      on(obligationMet, (e, trx) =>
        withRecordCounts(trx, e.data.subjectId, () =>
          upsertObligation(trx, obligationOf(e), { metAt: e.data.metAt, lateByMs: e.data.lateByMs }),
        ),
      ),
      on(obligationBreached, (e, trx) =>
        withRecordCounts(trx, e.data.subjectId, () =>
          upsertObligation(trx, obligationOf(e), { breachedAt: e.data.breachedAt }),
        ),
      ),
    ],
  }),
];
