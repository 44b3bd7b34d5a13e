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
