import type { ColumnType } from 'kysely';
import type { KitTables } from '@jir/service-kit';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface ReportingTables {
  rm_records: {
    record_id: string;
    court: string;
    handler: string;
    division: string | null;
    case_number: string;
    stage: string;
    form: string;
    interferer_kind: string;
    unit_type: string;
    identity_id: string | null;
    interferer_name: string | null;
    interferer_unit: string | null;
    interferer_position: string | null;
    special_items: string[];
    severe: boolean;
    involves_principal_leader: boolean;
    received_at: Timestamp;
    /** 'YYYY-Qn' and 'YYYY-MM' of receipt in Asia/Shanghai, computed once by @jir/rules. */
    quarter: string;
    month: string;
    entered_at: Timestamp | null;
    revision: number;
  };
  rm_obligations: {
    obligation_id: string;
    court: string;
    kind: string;
    subject_id: string;
    due_at: Timestamp;
    met_at: Timestamp | null;
    late_by_ms: ColumnType<string | null, number | null | undefined, number | null>;
    breached_at: Timestamp | null;
  };
  rm_sample_verifications: {
    draw_id: string;
    record_id: string;
    court: string;
    quarter: string;
    outcome: 'confirmed' | 'disputed';
    verified_at: Timestamp;
  };
  declarations: {
    id: string;
    court: string;
    handler: string;
    quarter: string;
    kind: 'nothing' | 'complete';
    declared_at: Timestamp;
  };
  reports: {
    id: string;
    court: string;
    quarter: string;
    version: number;
    snapshot: Json<unknown>;
    digest: string;
    signature: string;
    key_id: string;
    generated_at: Timestamp;
  };
}
export type ReportingDB = ReportingTables & KitTables;
