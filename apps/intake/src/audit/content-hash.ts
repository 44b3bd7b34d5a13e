import { createHash } from 'node:crypto';
import { canonicalJson } from './audit-trail.js';

/** A record's recorded content as stored: what the handler wrote, never its workflow state. */
export interface RecordContentRow {
  id: string;
  court: string;
  handler: string;
  division: string | null;
  revision: number;
  case_number: string;
  stage: string;
  form: string;
  received_at: Date;
  communicated_at: Date;
  interferer: unknown;
  content: string;
  special_items: string[];
  severe: boolean;
  involves_principal_leader: boolean;
  place: string | null;
  persons_present: unknown;
  relayed_by?: unknown;
  no_other_person_present?: boolean;
}

export interface VersionContentRow {
  record_id: string;
  revision: number;
  snapshot: unknown;
  changed_by: string;
  reason: string;
  changed_fields: string[];
}

const sha256 = (v: unknown) => createHash('sha256').update(canonicalJson(v)).digest('hex');

/**
 * SHA-256 of a record's content at its current revision. Entry, the copy's
 * delivery and identity merges change a record's row without changing what
 * was recorded, so they are left out; everything the handler wrote is in
 * (R-RC-4). Written into the audit entry of the change, so an edit of the row
 * behind the service's back no longer matches (R-PV-2).
 */
export function recordContentHash(r: RecordContentRow): string {
  return sha256({
    id: r.id,
    court: r.court,
    handler: r.handler,
    division: r.division,
    revision: r.revision,
    caseNumber: r.case_number,
    stage: r.stage,
    form: r.form,
    receivedAt: r.received_at.toISOString(),
    communicatedAt: r.communicated_at.toISOString(),
    interferer: r.interferer,
    content: r.content,
    specialItems: r.special_items,
    severe: r.severe,
    involvesPrincipalLeader: r.involves_principal_leader,
    place: r.place,
    personsPresent: r.persons_present,
    // Only when there is one, so the hashes of records written before the column existed still hold.
    ...(r.relayed_by ? { relayedBy: r.relayed_by } : {}),
    ...(r.no_other_person_present ? { noOtherPersonPresent: true } : {}),
  });
}

/** SHA-256 of one stored version: its snapshot, who made it and why. */
export function versionContentHash(v: VersionContentRow): string {
  return sha256({
    recordId: v.record_id,
    revision: v.revision,
    snapshot: v.snapshot,
    changedBy: v.changed_by,
    reason: v.reason,
    changedFields: v.changed_fields,
  });
}

/**
 * Where a record stands, beside what it records: entered or not and when, the copy's delivery
 * and acknowledgement, the deadlines' anchor, and the identities it is counted under. These
 * move deadlines, compliance and the roll-ups, so they are vouched for like the content.
 */
export interface RecordWorkflowRow {
  id: string;
  state: string;
  entered_at: Date | null;
  first_received_at: Date;
  copy_delivered_at: Date | null;
  copy_acknowledged_at: Date | null;
  copy_acknowledged_by: string | null;
  identity_id: string | null;
  originator_identity_id: string | null;
}

/** The columns of {@link RecordWorkflowRow}, for the queries that read them back. */
export const RECORD_WORKFLOW_COLUMNS = [
  'id',
  'state',
  'entered_at',
  'first_received_at',
  'copy_delivered_at',
  'copy_acknowledged_at',
  'copy_acknowledged_by',
  'identity_id',
  'originator_identity_id',
] as const satisfies readonly (keyof RecordWorkflowRow)[];

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/**
 * SHA-256 of a record's workflow columns, written into the audit entry of every change of them
 * (creation, entry, copy delivery and acknowledgement, amendment, identity merge and split), so
 * a direct UPDATE of any of them no longer matches the chain (R-PV-2).
 */
export function recordWorkflowHash(r: RecordWorkflowRow): string {
  return sha256({
    id: r.id,
    state: r.state,
    enteredAt: iso(r.entered_at),
    firstReceivedAt: iso(r.first_received_at),
    copyDeliveredAt: iso(r.copy_delivered_at),
    copyAcknowledgedAt: iso(r.copy_acknowledged_at),
    copyAcknowledgedBy: r.copy_acknowledged_by,
    identityId: r.identity_id,
    originatorIdentityId: r.originator_identity_id,
  });
}
