import { entryBlockers, type EntryBlocker, type Form, type InterfererKind } from '@jir/rules';
import type { Selectable } from 'kysely';
import type { IntakeTables, PersonPresent } from '../db/schema.js';

export type RecordRow = Selectable<IntakeTables['records']>;

/** Court staff listed as present: they must each confirm (R-RC-3). */
export function staffPresent(row: Pick<RecordRow, 'persons_present'>): string[] {
  return (row.persons_present as PersonPresent[]).flatMap((p) => (p.staffId ? [p.staffId] : []));
}

export function blockersOf(row: RecordRow, evidenceCount: number): EntryBlocker[] {
  return entryBlockers({
    form: row.form as Form,
    interferer: { kind: row.interferer.kind as InterfererKind, onBehalfOf: row.interferer.onBehalfOf },
    place: row.place,
    personsPresent: row.persons_present as PersonPresent[],
    noOtherPersonPresent: row.no_other_person_present,
    evidenceCount,
  });
}

/** The record as the API shows it (camelCase, with what is still missing). */
export function toRecordView(row: RecordRow, extra: { evidenceCount: number; confirmed: string[] }) {
  const staff = staffPresent(row);
  return {
    id: row.id,
    court: row.court,
    division: row.division,
    handler: row.handler,
    state: row.state,
    revision: row.revision,
    caseNumber: row.case_number,
    stage: row.stage,
    form: row.form,
    receivedAt: row.received_at.toISOString(),
    firstReceivedAt: row.first_received_at.toISOString(),
    communicatedAt: row.communicated_at.toISOString(),
    interferer: row.interferer,
    relayedBy: row.relayed_by,
    materialId: row.material_id,
    interfererIdentityId: row.identity_id,
    originatorIdentityId: row.originator_identity_id,
    content: row.content,
    specialItems: row.special_items,
    suggestedSpecialItems: row.suggested_items,
    severe: row.severe,
    involvesPrincipalLeader: row.involves_principal_leader,
    place: row.place,
    personsPresent: row.persons_present,
    noOtherPersonPresent: row.no_other_person_present,
    confirmations: { confirmed: extra.confirmed, missing: staff.filter((s) => !extra.confirmed.includes(s)) },
    evidenceCount: extra.evidenceCount,
    missingForEntry: row.state === 'draft' ? blockersOf(row, extra.evidenceCount) : [],
    createdAt: row.created_at.toISOString(),
    enteredAt: row.entered_at?.toISOString() ?? null,
    copyDeliveredAt: row.copy_delivered_at?.toISOString() ?? null,
    copyAcknowledgedAt: row.copy_acknowledged_at?.toISOString() ?? null,
  };
}

/** What other services may know of a record: classification, never content (R-AC-2). */
export function recordFacts(row: RecordRow) {
  return {
    recordId: row.id,
    caseNumber: row.case_number,
    stage: row.stage as 'trial',
    form: row.form as Form,
    handler: row.handler,
    division: row.division,
    interfererKind: row.interferer_kind as InterfererKind,
    unitType: row.unit_type as 'other',
    interfererIdentityId: row.identity_id,
    originatorIdentityId: row.originator_identity_id,
    specialItems: row.special_items as 'SR01'[],
    severe: row.severe,
    involvesPrincipalLeader: row.involves_principal_leader,
    receivedAt: row.received_at.toISOString(),
    ...(row.material_id ? { materialId: row.material_id } : {}),
    // The periods run from the first stated receipt, whatever a later correction says (R-RC-4).
    firstReceivedAt: row.first_received_at.toISOString(),
    communicatedAt: row.communicated_at.toISOString(),
    // Who, never what: the special-items list and the identity roll-up name them (Art 10).
    interferer: { name: row.interferer.name, unit: row.interferer.unit, position: row.interferer.position },
  };
}
