import { recipients, type CourtHierarchy } from '@jir/rules';
import type { Transaction } from 'kysely';
import type { ReportingTables } from '../db/schema.js';
import type { RecordFactsRow } from '../read-model/read-model.repository.js';
import { snapshotDigest, signDigest, type SigningKey } from '../reports/report-signing.js';
import { escalationWithoutContent } from './committee-copy.js';
import type { Deployment } from './deployment-routing.js';
import { insertDeliveries } from './deliveries.repository.js';
import { newDelivery } from './new-delivery.js';

/** The document id of a record's escalation: one per record, so a replay or a repeat adds nothing. */
export const escalationDocumentId = (recordId: string) => `severe:${recordId}`;

/**
 * A severe record goes immediately, level by level, up to the Supreme
 * People's Court (R-RP-2, Art 10): one delivery per level, each hop waiting
 * for the one below. The document names the record's facts as the read model
 * holds them (the content itself stays in intake) and is signed like a report.
 */
export async function escalateSevereRecord(
  trx: Transaction<ReportingTables>,
  deps: {
    courts: CourtHierarchy;
    deployment: Deployment;
    key: SigningKey;
    now: Date;
    principalLeaderContentToOwnCommittee?: boolean;
  },
  r: RecordFactsRow & { entered_at: Date | string },
): Promise<void> {
  const routed = recipients(
    {
      court: r.court,
      severe: true,
      involvesPrincipalLeader: r.involves_principal_leader,
      principalLeaderContentToOwnCommittee: deps.principalLeaderContentToOwnCommittee ?? false,
    },
    deps.courts,
  ).filter((x) => x.reasons.includes('severe'));
  const levels = routed.filter((x) => x.kind === 'court');
  // The committees are told at once too, by hand (R-RP-2): they wait for their handover.
  const committees = routed.filter((x) => x.kind === 'committee');
  if (levels.length === 0 && committees.length === 0) return;
  const document = {
    id: escalationDocumentId(r.record_id),
    kind: 'severe-escalation',
    court: r.court,
    recordId: r.record_id,
    caseNumber: r.case_number,
    stage: r.stage,
    form: r.form,
    interfererKind: r.interferer_kind,
    unitType: r.unit_type,
    interferer:
      r.interferer_name != null
        ? { name: r.interferer_name, unit: r.interferer_unit ?? '', position: r.interferer_position ?? '' }
        : null,
    specialItems: r.special_items,
    involvesPrincipalLeader: r.involves_principal_leader,
    receivedAt: new Date(r.received_at).toISOString(),
    enteredAt: new Date(r.entered_at).toISOString(),
    levels: levels.map((l) => l.code),
  };
  const digest = snapshotDigest(document);
  const signature = signDigest(deps.key, digest);
  const signed = {
    kind: 'severe-escalation' as const,
    id: document.id,
    court: r.court,
    quarter: null,
    recordId: r.record_id,
    keyId: deps.key.keyId,
  };
  await insertDeliveries(trx, [
    ...levels.map((l, hop) =>
      newDelivery(deps.deployment, l, { ...signed, document, digest, signature }, deps.now, hop),
    ),
    ...committees.map((c) => {
      if (!c.withholdContent)
        return newDelivery(deps.deployment, c, { ...signed, document, digest, signature }, deps.now);
      // The principal leader's own committee learns of the escalation, not its content (R-RP-2).
      const copy = escalationWithoutContent(document, c.code);
      const copyDigest = snapshotDigest(copy);
      const copySigned = {
        ...signed,
        document: copy,
        digest: copyDigest,
        signature: signDigest(deps.key, copyDigest),
      };
      return newDelivery(deps.deployment, c, copySigned, deps.now);
    }),
  ]);
}
