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
  /** Sums of entered records per court, quarter and key (see record-counts.repository.ts). */
  rm_counts: {
    court: string;
    quarter: string;
    key: string;
    n: ColumnType<number, number, number>;
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
  deliveries: {
    id: string;
    document_kind: 'quarterly-report' | 'severe-escalation' | 'compliance-circular';
    document_id: string;
    court: string;
    quarter: string | null;
    record_id: string | null;
    recipient: string;
    recipient_kind: 'court' | 'committee';
    channel: 'inbox' | 'peer' | 'committee' | 'none';
    peer: string | null;
    hop: number;
    document: Json<unknown>;
    digest: string;
    signature: string;
    key_id: string;
    status: 'pending' | 'delivered' | 'awaiting-handover' | 'no-route';
    attempts: ColumnType<number, number | undefined, number>;
    next_attempt_at: Timestamp;
    last_error: string | null;
    delivered_at: Timestamp | null;
    handover_by: string | null;
    handover_at: Timestamp | null;
    handover_method: string | null;
    handover_note: string | null;
    created_at: Timestamp;
  };
  circulars: {
    id: string;
    court: string;
    quarter: string;
    document: Json<unknown>;
    digest: string;
    signature: string;
    key_id: string;
    circulated_by: string;
    circulated_at: Timestamp;
  };
  received_documents: {
    document_id: string;
    recipient: string;
    kind: 'quarterly-report' | 'severe-escalation' | 'compliance-circular';
    from_court: string;
    quarter: string | null;
    version: number | null;
    document: Json<unknown>;
    digest: string;
    signature: string;
    key_id: string;
    /** 'local' or the peer deployment's id. */
    source: string;
    received_at: Timestamp;
    acknowledged_at: Timestamp | null;
    acknowledged_by: string | null;
  };
  /** Acknowledgements of documents a peer pushed here, to push back to it (R-RP-3). */
  acknowledgement_pushes: {
    id: string;
    peer: string;
    document_id: string;
    digest: string;
    recipient: string;
    acknowledged_at: Timestamp;
    acknowledged_by: string;
    attempts: ColumnType<number, number | undefined, number>;
    next_attempt_at: Timestamp;
    last_error: string | null;
    pushed_at: Timestamp | null;
    created_at: Timestamp;
  };
  /** A peer's acknowledgement of one of this deployment's deliveries (R-RP-3). */
  peer_acknowledgements: {
    delivery_id: string;
    acknowledged_at: Timestamp;
    acknowledged_by: string;
    received_at: Timestamp;
  };
}
export type ReportingDB = ReportingTables & KitTables;
