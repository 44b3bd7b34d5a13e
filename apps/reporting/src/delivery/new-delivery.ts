import { newId } from '@jir/contracts';
import type { NewDelivery } from './deliveries.repository.js';
import { channelFor, type Deployment } from './deployment-routing.js';

/** A signed document as its deliveries carry it. */
export interface SignedDocument {
  kind: NewDelivery['document_kind'];
  id: string;
  /** The sending court. */
  court: string;
  quarter: string | null;
  recordId: string | null;
  /** The copy this recipient gets, which the digest and signature are of. */
  document: unknown;
  digest: string;
  signature: string;
  keyId: string;
}

/**
 * One recipient's delivery of a signed document, reached as channelFor says (R-RP-3): a committee
 * waits for its handover by hand, a court that no peer serves has no route, any other is due now.
 */
export function newDelivery(
  deployment: Deployment,
  recipient: { kind: 'court' | 'committee'; code: string },
  doc: SignedDocument,
  now: Date,
  hop = 0,
): NewDelivery {
  const route = channelFor(deployment, recipient);
  return {
    id: newId(),
    document_kind: doc.kind,
    document_id: doc.id,
    court: doc.court,
    quarter: doc.quarter,
    record_id: doc.recordId,
    recipient: recipient.code,
    recipient_kind: recipient.kind,
    channel: route.channel,
    peer: route.peer,
    hop,
    document: JSON.stringify(doc.document),
    digest: doc.digest,
    signature: doc.signature,
    key_id: doc.keyId,
    status:
      route.channel === 'committee' ? 'awaiting-handover' : route.channel === 'none' ? 'no-route' : 'pending',
    next_attempt_at: now,
    created_at: now,
  };
}
