import type { ColumnType, Generated } from 'kysely';
import type { KitTables } from '@jir/service-kit';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface PersonPresent {
  staffId?: string;
  name?: string;
  role?: string;
}
/** A court leader or staff member who relayed an outsider's request (R-SC-5). */
export interface RelayJson {
  name: string;
  court: string;
  position: string;
  staffId?: string;
}

export interface InterfererJson {
  name: string;
  unit: string;
  position: string;
  unitType: string;
  kind: string;
  retired: boolean;
  onBehalfOf?: { name: string; unit: string; position: string };
  inNameOf?: 'own' | 'organisation';
  organisation?: string;
  originator?: { name: string; unit: string; position: string; kind?: string };
}

export interface IntakeTables {
  records: {
    id: string;
    court: string;
    division: string | null;
    handler: string;
    state: 'draft' | 'entered';
    revision: number;
    case_number: string;
    stage: string;
    form: string;
    received_at: Timestamp;
    /** The receipt first stated; the periods stay anchored to it (R-RC-4). */
    first_received_at: Timestamp;
    communicated_at: Timestamp;
    interferer: Json<InterfererJson>;
    /** Who inside a court passed the outsider's request on (R-SC-5); null: nobody. */
    relayed_by: Json<RelayJson> | null;
    /** The materials this record records, when they came along the chain (R-DL-1). */
    material_id: string | null;
    interferer_kind: string;
    unit_type: string;
    content: string;
    special_items: string[];
    suggested_items: string[];
    severe: boolean;
    involves_principal_leader: boolean;
    place: string | null;
    persons_present: Json<PersonPresent[]>;
    /** The handler stated that nobody else was present (R-RC-3). */
    no_other_person_present: Generated<boolean>;
    created_at: ColumnType<Date, Date | string | undefined, Date | string>;
    entered_at: Timestamp | null;
    copy_delivered_at: Timestamp | null;
    copy_acknowledged_at: Timestamp | null;
    copy_acknowledged_by: string | null;
    identity_id: string | null;
    /** The identity of the person the request started with (R-SC-2); null: the interferer's own. */
    originator_identity_id: Generated<string | null>;
  };
  record_versions: {
    record_id: string;
    revision: number;
    snapshot: Json<unknown>;
    changed_by: string;
    changed_at: ColumnType<Date, Date | string | undefined, Date | string>;
    reason: string;
    changed_fields: string[];
  };
  record_confirmations: { record_id: string; staff_id: string; confirmed_at: Timestamp };
  record_evidence: {
    evidence_id: string;
    record_id: string;
    court: string;
    media_type: string;
    sha256: string;
    uploaded_at: Timestamp;
  };
  record_views: {
    id: Generated<number>;
    record_id: string;
    viewer: string;
    viewer_court: string;
    viewer_roles: string[];
    viewed_at: Timestamp;
    address: string;
  };
  audit_entries: {
    seq: Generated<number>;
    court: string;
    at: Timestamp;
    actor: string;
    action: string;
    subject_id: string;
    data: Json<unknown>;
    chain_pos: number | null;
    prev_hash: string | null;
    hash: string | null;
    sealed_at: Timestamp | null;
  };
  audit_head_signatures: {
    id: Generated<number>;
    court: string;
    position: number;
    head_hash: string;
    signed_at: Timestamp;
    signature: string;
    key_id: string;
  };
}

export interface MaterialRoute {
  trialDepartment: string;
  departmentReceiver: string;
  vicePresident: string;
  divisionHead: string;
  handler: string;
}

export interface MaterialTables {
  materials: {
    id: string;
    court: string;
    case_number: string;
    description: string;
    sender: Json<{ name: string; unit: string; position: string }>;
    form: string;
    received_at: Timestamp;
    received_by: string;
    received_division: string | null;
    filing_number: string | null;
    registered_by: string | null;
    registered_at: Timestamp | null;
    route: Json<MaterialRoute | null>;
    hops_done: number;
    holder: string;
    delivered_at: Timestamp | null;
    created_at: ColumnType<Date, Date | string | undefined, Date | string>;
  };
  material_hops: {
    material_id: string;
    hop_no: number;
    hop: string;
    from_sub: string;
    to_sub: string;
    at: Timestamp;
  };
  refused_attempts: {
    id: Generated<number>;
    court: string;
    actor: string;
    roles: string[];
    action: string;
    subject_id: string | null;
    code: string;
    at: Timestamp;
    address: string;
  };
  exempt_opinions: {
    id: string;
    court: string;
    division: string | null;
    handler: string;
    case_number: string;
    source: string;
    organisation: string;
    commission_reference: string;
    content: string;
    received_at: Timestamp;
    volume: 'main';
    created_at: Timestamp;
  };
  /** The information form as archived in the secondary volume, one PDF per revision (R-EV-4). */
  information_form_archives: {
    record_id: string;
    revision: number;
    court: string;
    volume: 'secondary';
    pdf: Buffer;
    sha256: string;
    archived_by: string;
    archived_at: Timestamp;
  };
  /** Trial management's confirmation or rejection of a claimed exemption, and its conversion (R-SC-4). */
  exempt_opinion_decisions: {
    id: Generated<string>;
    opinion_id: string;
    court: string;
    action: 'confirmed' | 'rejected' | 'converted';
    decided_by: string;
    decided_at: Timestamp;
    document_evidence_id: string | null;
    record_id: string | null;
    reason: string | null;
  };
}

export interface AccountabilityTables {
  interferer_identities: {
    id: string;
    name: string;
    unit: string;
    position: string;
    merged_into: string | null;
    created_at: Timestamp;
  };
  identity_keys: { key: string; identity_id: string };
  identity_changes: {
    id: Generated<number>;
    kind: 'merge' | 'split';
    identity_id: string;
    other_id: string;
    record_id: string | null;
    reason: string;
    changed_by: string;
    court: string;
    at: Timestamp;
  };
  accountability_entries: {
    id: string;
    court: string;
    staff: string;
    kind: 'failure-to-record' | 'untruthful-record' | 'instructed-by-supervisor';
    record_id: string | null;
    description: string;
    evidence: Json<unknown>;
    prior_violations: number;
    suggested_measures: string[];
    suggested_article: number | null;
    found_by: string;
    found_at: Timestamp;
  };
  complaints: {
    id: string;
    from_court: string;
    complainant: string;
    receiving_court: string;
    committee: string;
    against: string;
    description: string;
    filed_at: Timestamp;
  };
  complaint_actions: {
    id: Generated<number>;
    complaint_id: string;
    action: 'reported-to-committee' | 'escalated' | 'escalated-to-spc';
    note: string;
    by_sub: string;
    at: Timestamp;
    /** The level the action was taken at; null for actions kept before levels existed. */
    level: number | null;
  };
  /** Each court a complaint reached, level by level, with its period to report it (R-AB-2). */
  complaint_levels: {
    complaint_id: string;
    level: number;
    court: string;
    committee: string;
    received_at: Timestamp;
    report_due_at: Timestamp;
    escalated_by: string | null;
  };
}

export interface SamplingTables {
  sample_draws: {
    id: string;
    court: string;
    quarter: string;
    share: number;
    seed: string;
    drawn_by: string;
    drawn_at: Timestamp;
  };
  sample_items: { draw_id: string; record_id: string };
  sample_verifications: {
    draw_id: string;
    record_id: string;
    outcome: 'confirmed' | 'disputed';
    note: string;
    verified_by: string;
    verified_at: Timestamp;
  };
}

export interface StaffTables {
  staff: {
    court: string;
    id: string;
    name: string;
    division: string | null;
    roles: string[];
    active_from: Timestamp | null;
    active_until: Timestamp | null;
    updated_at: Timestamp;
  };
  staff_sightings: {
    court: string;
    sub: string;
    name: string | null;
    division: string | null;
    roles: string[];
    first_seen: Timestamp;
    last_seen: Timestamp;
  };
}

/** Requested changes of an entered record's receipt time and trial management's decisions (R-RC-4). */
export interface ReceiptCorrectionTables {
  receipt_corrections: {
    id: string;
    record_id: string;
    court: string;
    received_at: Timestamp;
    previous_received_at: Timestamp;
    reason: string;
    requested_by: string;
    requested_at: Timestamp;
    state: 'pending' | 'approved' | 'rejected';
    decided_by: string | null;
    decided_at: Timestamp | null;
    decision_note: string | null;
    applied_revision: number | null;
  };
}

/** Every table of the service's own (the kit adds its tables). */
export type IntakeSchema = IntakeTables &
  MaterialTables &
  AccountabilityTables &
  SamplingTables &
  StaffTables &
  ReceiptCorrectionTables;
export type IntakeDB = IntakeSchema & KitTables;
