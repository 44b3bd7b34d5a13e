import type { ColumnType, Generated } from 'kysely';
import type { KitTables } from '@jir/service-kit';
import type { ObligationKind, ObligationState } from '@jir/contracts';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

/** One entry of an obligation's history, oldest first. */
export interface HistoryEntry {
  at: string;
  what: string;
  detail?: Record<string, unknown>;
}

export interface DeadlineTables {
  obligations: {
    id: string;
    subject_key: string;
    kind: ObligationKind;
    record_id: string | null;
    material_id: string | null;
    court: string;
    handler: string | null;
    division: string | null;
    quarter: string | null;
    level: string | null;
    starts_at: Timestamp;
    due_date: string | null;
    due_at: NullableTimestamp;
    remind_at: NullableTimestamp;
    pending_reason: string | null;
    state: ColumnType<ObligationState, ObligationState | undefined, ObligationState>;
    met_at: NullableTimestamp;
    /** bigint: node-postgres reads it as a string. */
    late_by_ms: ColumnType<string | null, number | null | undefined, number | null>;
    breached_at: NullableTimestamp;
    reminded_at: NullableTimestamp;
    waived_at: NullableTimestamp;
    waived_by: string | null;
    waive_reason: string | null;
    history: ColumnType<HistoryEntry[], string | undefined, string>;
    created_at: Timestamp;
  };
  fulfilments: { subject_key: string; met_at: Timestamp; source: string };
  known_records: {
    record_id: string;
    court: string;
    handler: string;
    division: string | null;
    material_id: string | null;
    received_at: Timestamp;
    entered_at: NullableTimestamp;
    severe_since: NullableTimestamp;
    revision: ColumnType<number, number | undefined, number>;
  };
  calendar_years: {
    year: number;
    holidays: ColumnType<string[], string, string>;
    make_up_workdays: ColumnType<string[], string, string>;
    loaded_by: string;
    loaded_at: Timestamp;
  };
  seeded_quarters: { quarter: string; seeded_at: Timestamp };
  audit_log: {
    id: Generated<number>;
    at: Timestamp;
    actor: string;
    court: string;
    action: string;
    target: string;
    detail: ColumnType<unknown, string, string>;
  };
}
export type DeadlineDB = DeadlineTables & KitTables;
