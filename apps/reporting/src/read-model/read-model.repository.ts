import { sql, type Insertable, type Transaction } from 'kysely';
import type { ReportingTables } from '../db/schema.js';

type Trx = Transaction<ReportingTables>;

/** A record's facts as the read model keeps them. */
export type RecordFactsRow = Insertable<ReportingTables['rm_records']>;

/**
 * Keeps a record's facts unless the stored ones are of a higher revision
 * (events of one record arrive in any order). The entering instant is never
 * lost to an older or a later event that lacks it: once entered, entered.
 */
export async function upsertRecord(trx: Trx, r: RecordFactsRow): Promise<void> {
  await trx
    .insertInto('rm_records')
    .values(r)
    .onConflict((oc) =>
      oc
        .column('record_id')
        .doUpdateSet((eb) => ({
          court: eb.ref('excluded.court'),
          handler: eb.ref('excluded.handler'),
          division: eb.ref('excluded.division'),
          case_number: eb.ref('excluded.case_number'),
          stage: eb.ref('excluded.stage'),
          form: eb.ref('excluded.form'),
          interferer_kind: eb.ref('excluded.interferer_kind'),
          unit_type: eb.ref('excluded.unit_type'),
          identity_id: eb.ref('excluded.identity_id'),
          // An older event version without the interferer keeps what a newer one said.
          interferer_name: sql`coalesce(excluded.interferer_name, rm_records.interferer_name)`,
          interferer_unit: sql`coalesce(excluded.interferer_unit, rm_records.interferer_unit)`,
          interferer_position: sql`coalesce(excluded.interferer_position, rm_records.interferer_position)`,
          special_items: eb.ref('excluded.special_items'),
          severe: eb.ref('excluded.severe'),
          involves_principal_leader: eb.ref('excluded.involves_principal_leader'),
          received_at: eb.ref('excluded.received_at'),
          quarter: eb.ref('excluded.quarter'),
          month: eb.ref('excluded.month'),
          entered_at: sql`coalesce(rm_records.entered_at, excluded.entered_at)`,
          revision: eb.ref('excluded.revision'),
        }))
        .where('rm_records.revision', '<=', (eb) => eb.ref('excluded.revision')),
    )
    .execute();
  // A lower-revision event that says when the record was entered still teaches that much.
  if (r.entered_at)
    await trx
      .updateTable('rm_records')
      .set({ entered_at: r.entered_at })
      .where('record_id', '=', r.record_id)
      .where('entered_at', 'is', null)
      .execute();
}

/** An obligation the deadline monitor created; what is already known of it stays. */
export async function upsertObligation(
  trx: Trx,
  o: { obligationId: string; court: string; kind: string; subjectId: string; dueAt: string },
  outcome: { metAt?: string; lateByMs?: number; breachedAt?: string } = {},
): Promise<void> {
  await trx
    .insertInto('rm_obligations')
    .values({
      obligation_id: o.obligationId,
      court: o.court,
      kind: o.kind,
      subject_id: o.subjectId,
      due_at: o.dueAt,
      met_at: outcome.metAt ?? null,
      late_by_ms: outcome.lateByMs ?? null,
      breached_at: outcome.breachedAt ?? null,
    })
    .onConflict((oc) =>
      oc.column('obligation_id').doUpdateSet({
        // Each outcome is set once, by its own event; the other event's columns are left alone.
        met_at: sql`coalesce(rm_obligations.met_at, excluded.met_at)`,
        late_by_ms: sql`coalesce(rm_obligations.late_by_ms, excluded.late_by_ms)`,
        breached_at: sql`coalesce(rm_obligations.breached_at, excluded.breached_at)`,
      }),
    )
    .execute();
}

/** A verification outcome never changes in intake (a second verification is refused): first arrival kept. */
export async function insertSampleVerification(
  trx: Trx,
  v: {
    drawId: string;
    recordId: string;
    court: string;
    quarter: string;
    outcome: 'confirmed' | 'disputed';
    verifiedAt: string;
  },
): Promise<void> {
  await trx
    .insertInto('rm_sample_verifications')
    .values({
      draw_id: v.drawId,
      record_id: v.recordId,
      court: v.court,
      quarter: v.quarter,
      outcome: v.outcome,
      verified_at: v.verifiedAt,
    })
    .onConflict((oc) => oc.columns(['draw_id', 'record_id']).doNothing())
    .execute();
}
