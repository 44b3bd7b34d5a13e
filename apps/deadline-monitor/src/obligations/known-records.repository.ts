import { sql, type Selectable, type Transaction } from 'kysely';
import type { DeadlineDB, DeadlineTables } from '../db/schema.js';

type Trx = Transaction<DeadlineDB>;
/** What this service knows of a record, as stored. */
export type KnownRecord = Selectable<DeadlineTables['known_records']>;

/** What this service keeps of a record: enough to know when its periods start and whom they bind. */
export interface RecordFacts {
  recordId: string;
  court: string;
  handler: string;
  division: string | null;
  materialId: string | null;
  receivedAt: Date;
  revision: number;
  /** Set by an entered event. */
  enteredAt?: Date | undefined;
  /** When this event shows the record severe (R-DL-4): the earliest such instant is kept. */
  severeAt?: Date | undefined;
}

/**
 * Merges events' facts, one event per record (one statement cannot change a
 * row twice): the facts of the highest revision win, the entry instant and
 * the first instant the record was seen severe are kept whatever the order of
 * arrival (events of one record may arrive in any order). Returns each
 * record's merged facts by its id.
 */
export async function mergeRecordFacts(trx: Trx, facts: readonly RecordFacts[]) {
  if (!facts.length) return new Map<string, KnownRecord>();
  const rows = await trx
    .insertInto('known_records')
    .values(
      facts.map((f) => ({
        record_id: f.recordId,
        court: f.court,
        handler: f.handler,
        division: f.division,
        material_id: f.materialId,
        received_at: f.receivedAt,
        entered_at: f.enteredAt ?? null,
        severe_since: f.severeAt ?? null,
        revision: f.revision,
      })),
    )
    .onConflict((oc) =>
      oc.column('record_id').doUpdateSet({
        handler: sql`CASE WHEN excluded.revision >= known_records.revision THEN excluded.handler ELSE known_records.handler END`,
        division: sql`CASE WHEN excluded.revision >= known_records.revision THEN excluded.division ELSE known_records.division END`,
        material_id: sql`COALESCE(known_records.material_id, excluded.material_id)`,
        received_at: sql`CASE WHEN excluded.revision >= known_records.revision THEN excluded.received_at ELSE known_records.received_at END`,
        entered_at: sql`COALESCE(LEAST(known_records.entered_at, excluded.entered_at), known_records.entered_at, excluded.entered_at)`,
        severe_since: sql`COALESCE(LEAST(known_records.severe_since, excluded.severe_since), known_records.severe_since, excluded.severe_since)`,
        revision: sql`GREATEST(known_records.revision, excluded.revision)`,
      } as never),
    )
    .returningAll()
    .execute();
  return new Map(rows.map((r) => [r.record_id, r]));
}

/** A record's facts, if any event of it has arrived. */
export async function findRecord(trx: Trx, recordId: string) {
  return trx.selectFrom('known_records').selectAll().where('record_id', '=', recordId).executeTakeFirst();
}
