import { newId } from '@jir/contracts';
import { recipients, type CourtHierarchy } from '@jir/rules';
import type { Transaction } from 'kysely';
import type { ReportingTables } from '../db/schema.js';
import type { RecordFactsRow } from '../read-model/read-model.repository.js';
import { snapshotDigest, signDigest, type SigningKey } from '../reports/report-signing.js';
import { channelFor, type Deployment } from './deployment-routing.js';
import { insertDeliveries } from './deliveries.repository.js';

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
  deps: { courts: CourtHierarchy; deployment: Deployment; key: SigningKey; now: Date },
  r: RecordFactsRow & { entered_at: Date | string },
): Promise<void> {
  const levels = recipients({ court: r.court, severe: true }, deps.courts).filter(
    (x) => x.kind === 'court' && x.reasons.includes('severe'),
  );
  if (levels.length === 0) return;
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
  await insertDeliveries(
    trx,
    levels.map((l, hop) => {
      const route = channelFor(deps.deployment, l);
      return {
        id: newId(),
        document_kind: 'severe-escalation' as const,
        document_id: document.id,
        court: r.court,
        quarter: null,
        record_id: r.record_id,
        recipient: l.code,
        recipient_kind: 'court' as const,
        channel: route.channel,
        peer: route.peer,
        hop,
        document: JSON.stringify(document),
        digest,
        signature,
        key_id: deps.key.keyId,
        status: route.channel === 'none' ? ('no-route' as const) : ('pending' as const),
        next_attempt_at: deps.now,
        created_at: deps.now,
      };
    }),
  );
}
