import type { Transaction } from 'kysely';
import {
  STREAMS,
  copyDelivered,
  escalationDelivered,
  materialTransferred,
  recordAmended,
  recordDrafted,
  recordEntered,
  reportDelivered,
} from '@jir/contracts';
import { recipients, type CourtHierarchy } from '@jir/rules';
import { defineConsumer, on, onBatch, type Clock, type EnvelopeOf, type Logger } from '@jir/service-kit';
import type { CalendarInForce } from '../calendar/calendar-in-force.js';
import type { DeadlineDB, DeadlineTables } from '../db/schema.js';
import {
  fulfil,
  openObligations,
  type LifecycleContext,
  type ObligationInput,
} from './obligation-lifecycle.js';
import type { PeriodSettings } from './obligation-periods.js';
import { findFulfilment, type ObligationRow } from './obligations.repository.js';
import { findRecord, mergeRecordFacts } from './known-records.repository.js';
import { roundsByKey } from './rounds-by-key.js';
import { escalationDuty, materialDuty, recordDuty, reportDuty } from './subject-keys.js';

type Trx = Transaction<DeadlineDB>;
/** The events that state a record's facts. */
type RecordEvent = EnvelopeOf<typeof recordDrafted | typeof recordEntered | typeof recordAmended>;

/** What the consumers need: how periods are set, the calendar in force, the courts, the clock. */
export interface ConsumerDeps {
  settings: PeriodSettings;
  calendar: CalendarInForce;
  courts: CourtHierarchy;
  clock: Clock;
  logger: Logger;
  /** Nudges the scheduler: an obligation created overdue is breached at its next pass. */
  wakeScheduler?: () => void;
}

/**
 * Turns intake's and reporting's events into obligations and their
 * fulfilments. Every handler is idempotent and order-free: duties are keyed
 * by their subject, fulfilments wait for their duty, record facts merge by
 * revision, and severity counts from the later of entry and the first event
 * showing it (R-DL-4: never earlier than established).
 */
export function deadlineConsumerDefinitions(d: ConsumerDeps) {
  // The calendar once per transaction: a fetched batch of events is applied in one.
  const lifecycle = async (trx: Trx): Promise<LifecycleContext> => ({
    calendar: await d.calendar.inTransaction(trx),
    settings: d.settings,
    now: d.clock.now(),
  });

  /**
   * Nudges the scheduler only for a duty opened already due for a reminder or a breach (events
   * that arrived late): any other duty is its business at its own time, and a pass per event
   * would compete with the consumer for the database.
   */
  function wakeIfDue(opened: readonly ObligationRow[], now: Date) {
    const due = (at: Date | null) => at !== null && at.getTime() <= now.getTime();
    if (opened.some((o) => o.state === 'pending' && (due(o.due_at) || due(o.remind_at)))) d.wakeScheduler?.();
  }

  /** One event's facts as the record's stored facts take them, and what the event itself does. */
  function factsOf(e: RecordEvent) {
    const f = e.data;
    const enteredAt = e.type === recordEntered.type ? new Date(e.data.enteredAt) : undefined;
    return {
      event: e,
      enteredAt,
      cause: e.type,
      // As this event states it: a later event that adds a principal leader adds that level's
      // duty; one that leaves it out removes none (duties, once opened, stay).
      principalLeader: f.involvesPrincipalLeader,
      facts: {
        recordId: f.recordId,
        court: e.court,
        handler: f.handler,
        division: f.division,
        materialId: f.materialId ?? null,
        // The periods run from the receipt first stated: a correction approved after entry changes
        // receivedAt, never the duties (R-RC-4). Older events lack firstReceivedAt.
        receivedAt: new Date(f.firstReceivedAt ?? f.receivedAt),
        revision: f.revision ?? 0,
        enteredAt,
        severeAt: f.severe ? (enteredAt ?? new Date(e.occurredAt)) : undefined,
      },
    };
  }

  /**
   * A batch's record events, set-based: each round takes at most one event per record (in
   * arrival order), merges their facts in one statement and opens their duties in one, so a
   * round does what its events one after another would do, in a handful of statements whatever
   * its size.
   */
  async function learnRecords(events: readonly RecordEvent[], trx: Trx) {
    const c = await lifecycle(trx);
    for (const round of roundsByKey(events, (e) => e.data.recordId)) {
      const learned = round.map(factsOf);
      const known = await mergeRecordFacts(
        trx,
        learned.map((l) => l.facts),
      );
      const opened: ObligationRow[] = [];
      const entryAndCopy: ObligationInput[] = [];
      for (const { facts, cause } of learned) {
        const k = known.get(facts.recordId)!;
        // Materials passed along the chain run from their delivery to the handler (the material's
        // own duty); materials that reached the handler directly run from the record's receipt
        // (R-DL-1).
        if (!k.material_id) {
          for (const kind of ['entry', 'copy'] as const)
            entryAndCopy.push({
              subjectKey: recordDuty(kind, facts.recordId),
              kind,
              court: facts.court,
              startsAt: k.received_at,
              recordId: facts.recordId,
              handler: k.handler,
              division: k.division,
              cause,
            });
        } else {
          // A copy delivered before the record named its material meets the material's copy duty too.
          const copy = await findFulfilment(trx, recordDuty('copy', facts.recordId));
          if (copy) await fulfil(trx, materialDuty('copy', k.material_id), copy.met_at, copy.source, c.now);
        }
      }
      opened.push(...(await openObligations(trx, entryAndCopy, c)));
      const escalations: ObligationInput[] = [];
      for (const { facts, cause, enteredAt, principalLeader } of learned) {
        const k = known.get(facts.recordId)!;
        if (enteredAt) {
          const key = k.material_id
            ? materialDuty('entry', k.material_id)
            : recordDuty('entry', facts.recordId);
          await fulfil(trx, key, enteredAt, `intake.record.entered ${facts.recordId}`, c.now);
        }
        if (k.entered_at && k.severe_since) {
          const startsAt = new Date(Math.max(k.entered_at.getTime(), k.severe_since.getTime()));
          // Every recipient the severe record goes to at once (R-DL-4, R-RP-2): each court level up
          // to the Supreme People's Court, and the region's committee (with a principal leader, the
          // committee one level up too); reporting's escalation.delivered for that recipient meets it.
          const levels = recipients(
            { court: facts.court, severe: true, involvesPrincipalLeader: principalLeader },
            d.courts,
          ).filter((r) => r.reasons.includes('severe'));
          for (const r of levels)
            escalations.push({
              subjectKey: escalationDuty(facts.recordId, r.code),
              kind: 'severe-escalation' as const,
              court: facts.court,
              startsAt,
              recordId: facts.recordId,
              handler: k.handler,
              division: k.division,
              level: r.code,
              cause,
            });
        }
      }
      opened.push(...(await openObligations(trx, escalations, c)));
      wakeIfDue(opened, c.now);
    }
  }

  return [
    defineConsumer<DeadlineTables>({
      reads: STREAMS.intake,
      handlers: [
        onBatch([recordDrafted, recordEntered, recordAmended], learnRecords),
        on(copyDelivered, async (e, trx) => {
          const c = await lifecycle(trx);
          const at = new Date(e.data.deliveredAt);
          const source = `intake.copy.delivered ${e.data.recordId}`;
          await fulfil(trx, recordDuty('copy', e.data.recordId), at, source, c.now);
          const known = await findRecord(trx, e.data.recordId);
          if (known?.material_id)
            await fulfil(trx, materialDuty('copy', known.material_id), at, source, c.now);
        }),
        on(materialTransferred, async (e, trx) => {
          if (e.data.hop !== 'case-handler') return;
          const c = await lifecycle(trx);
          const opened = await openObligations(
            trx,
            (['entry', 'copy'] as const).map((kind) => ({
              subjectKey: materialDuty(kind, e.data.materialId),
              kind,
              court: e.court,
              startsAt: new Date(e.data.at),
              materialId: e.data.materialId,
              handler: e.data.to,
              cause: 'intake.material.transferred (case-handler)',
            })),
            c,
          );
          wakeIfDue(opened, c.now);
        }),
      ],
    }),
    defineConsumer<DeadlineTables>({
      reads: STREAMS.reporting,
      handlers: [
        on(escalationDelivered, async (e, trx) => {
          const now = d.clock.now();
          await fulfil(
            trx,
            escalationDuty(e.data.recordId, e.data.level),
            new Date(e.data.deliveredAt),
            `reporting.escalation.delivered ${e.data.level}`,
            now,
          );
        }),
        on(reportDelivered, async (e, trx) => {
          const kind = e.data.recipientKind === 'court' ? 'quarterly-report' : 'committee-report';
          await fulfil(
            trx,
            reportDuty(kind, e.data.court, e.data.quarter, e.data.recipient),
            new Date(e.data.deliveredAt),
            `reporting.report.delivered ${e.data.reportId} to ${e.data.recipient}`,
            d.clock.now(),
          );
        }),
      ],
    }),
  ];
}
