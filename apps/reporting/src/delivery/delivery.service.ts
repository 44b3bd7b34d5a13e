import type { Kysely } from 'kysely';
import type { z } from 'zod';
import {
  reportAcknowledged,
  reportSnapshotSchema,
  type committeeHandoverBodySchema,
  type deliveryListQuerySchema,
  type inboundDocumentBodySchema,
  type inboxQuerySchema,
} from '@jir/contracts';
import { can, type CourtHierarchy } from '@jir/rules';
import { problem, UnitOfWork, type AuthenticatedActor, type Clock } from '@jir/service-kit';
import type { ReportingDB } from '../db/schema.js';
import { signDigest, snapshotDigest, verifyDigest, type SigningKey } from '../reports/report-signing.js';
import { findReport } from '../reports/reports.repository.js';
import type { ReportSnapshot } from '../reports/report-builder.js';
import {
  acknowledgeReceived,
  findDelivery,
  findReceived,
  insertDeliveries,
  listDeliveries,
  listInbox,
  receivedDigest,
  recordHandover,
  storeReceived,
  type DeliveryRow,
  type ReceivedRow,
} from './deliveries.repository.js';
import { queueAcknowledgementPush } from './acknowledgements.repository.js';
import { committeeCopy } from './committee-copy.js';
import { emitDelivered } from './delivered-event.js';
import type { Deployment } from './deployment-routing.js';
import { newDelivery } from './new-delivery.js';
import { authenticatedPeer } from './peer-push.js';

export interface DeliveryDeps {
  db: Kysely<ReportingDB>;
  clock: Clock;
  courts: CourtHierarchy;
  deployment: Deployment;
  /** Signs the copies made for a single recipient (a committee's copy without withheld records). */
  key: SigningKey;
  relay?: { wake(): void };
  /** Nudges the delivery worker after new deliveries commit. */
  wakeDeliveries?: () => void;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** A delivery as the API answers it, with the recipient's acknowledgement where it is known here. */
export function deliveryView(r: DeliveryRow & { ack_at: Date | string | null; ack_by: string | null }) {
  return {
    id: r.id,
    documentKind: r.document_kind,
    documentId: r.document_id,
    court: r.court,
    quarter: r.quarter,
    recordId: r.record_id,
    recipient: r.recipient,
    recipientKind: r.recipient_kind,
    channel: r.channel,
    peer: r.peer,
    hop: r.hop,
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    deliveredAt: iso(r.delivered_at),
    handover:
      r.handover_by && r.handover_at && r.handover_method
        ? {
            by: r.handover_by,
            at: new Date(r.handover_at).toISOString(),
            method: r.handover_method as 'in-person',
            note: r.handover_note,
          }
        : null,
    acknowledgement: r.ack_at && r.ack_by ? { at: new Date(r.ack_at).toISOString(), by: r.ack_by } : null,
  };
}

/** An inbox item as the API answers it. */
export function inboxView(r: ReceivedRow) {
  return {
    documentId: r.document_id,
    kind: r.kind,
    fromCourt: r.from_court,
    recipient: r.recipient,
    quarter: r.quarter,
    digest: r.digest,
    signature: r.signature,
    keyId: r.key_id,
    source: r.source,
    receivedAt: new Date(r.received_at).toISOString(),
    acknowledgedAt: iso(r.acknowledged_at),
    acknowledgedBy: r.acknowledged_by,
    document: r.document as Record<string, unknown>,
  };
}

const refusedPush = (code: string, zh: string, en: string, status = 422) =>
  problem({ status, code, message: { zh, en } });

/**
 * Sending reports to their recipients, committee handovers, the inbox of the
 * courts served here and documents pushed by peer deployments (R-RP-2, R-RP-3).
 */
export class DeliveryService {
  private readonly uow: UnitOfWork<ReportingDB>;
  constructor(private readonly deps: DeliveryDeps) {
    this.uow = new UnitOfWork<ReportingDB>({ db: deps.db, clock: deps.clock, relay: deps.relay });
  }

  /**
   * What the actor acts on for a court's reporting: not found unless it may see that court's
   * reports (another court's documents do not exist for it), refused unless it may report for it.
   */
  private toReportFor<T>(actor: AuthenticatedActor, found: T | undefined, courtOf: (found: T) => string): T {
    if (
      found === undefined ||
      !can(actor, 'viewing', { kind: 'report', court: courtOf(found) }, this.deps.courts)
    )
      throw problem('not-found');
    if (!can(actor, 'reporting', { kind: 'report', court: courtOf(found) }, this.deps.courts))
      throw problem('forbidden');
    return found;
  }

  /**
   * Queues a report version for every recipient of its snapshot (R-RP-2).
   * Sending the same version again adds nothing; a provisional report is not sent.
   */
  async send(actor: AuthenticatedActor, reportId: string) {
    const report = this.toReportFor(actor, await findReport(this.deps.db, reportId), (r) => r.court);
    const snapshot = report.snapshot as ReportSnapshot;
    if (snapshot.provisional)
      throw problem({
        status: 409,
        code: 'report-provisional',
        message: {
          zh: '季度尚未结束，临时报告不能报送',
          en: 'a provisional report (quarter still in progress) is not sent',
        },
      });
    const items = await this.uow.run(async (w) => {
      await insertDeliveries(
        w.trx,
        snapshot.recipients.map((r) => {
          // The principal leader's own committee gets its own copy, signed as such (R-RP-2).
          const copy = r.withholdContent ? committeeCopy(snapshot, r.code) : null;
          const digest = copy ? snapshotDigest(copy) : report.digest;
          return newDelivery(
            this.deps.deployment,
            r,
            {
              kind: 'quarterly-report',
              id: report.id,
              court: report.court,
              quarter: report.quarter,
              recordId: null,
              document: copy ?? snapshot,
              digest,
              signature: copy ? signDigest(this.deps.key, digest) : report.signature,
              keyId: copy ? this.deps.key.keyId : report.key_id,
            },
            w.now,
          );
        }),
      );
      return (await listDeliveries(w.trx, { documentIds: [report.id] })).map(deliveryView);
    });
    this.deps.wakeDeliveries?.();
    return { items };
  }

  /** Deliveries of a report, or of a record's escalation, the actor may see. */
  async list(actor: AuthenticatedActor, q: z.output<typeof deliveryListQuerySchema>) {
    if (!q.reportId && !q.recordId)
      throw problem('validation-failed', {
        message: { zh: '请指定 reportId 或 recordId', en: 'give reportId or recordId' },
      });
    const rows = await listDeliveries(this.deps.db, {
      ...(q.reportId ? { documentIds: [q.reportId] } : {}),
      ...(q.recordId ? { recordId: q.recordId } : {}),
    });
    return {
      items: rows
        .filter((r) => can(actor, 'viewing', { kind: 'report', court: r.court }, this.deps.courts))
        .map(deliveryView),
    };
  }

  /**
   * A committee is outside the system: the court hands it the document and
   * records who delivered it, when and how; that is the delivery (R-RP-2).
   */
  async handover(actor: AuthenticatedActor, id: string, body: z.output<typeof committeeHandoverBodySchema>) {
    const row = this.toReportFor(actor, await findDelivery(this.deps.db, id), (r) => r.court);
    return this.uow.run(async (w) => {
      if (new Date(body.deliveredAt) > w.now)
        throw problem({
          status: 422,
          code: 'handover-in-future',
          message: { zh: '送达时间不能晚于现在', en: 'the handover cannot be in the future' },
        });
      const done = await recordHandover(w.trx, id, {
        by: body.deliveredBy,
        at: new Date(body.deliveredAt).toISOString(),
        method: body.method,
        note: body.note ?? null,
      });
      if (!done)
        throw problem({
          status: 409,
          code: 'not-awaiting-handover',
          message: {
            zh: '该送达不是待人工送达的委员会送达，或已送达',
            en: 'this delivery is not a committee delivery awaiting handover, or is already delivered',
          },
        });
      await emitDelivered(w.emit, row, { sub: actor.sub, kind: 'user' }, new Date(body.deliveredAt));
      return deliveryView((await findDelivery(w.trx, id))!);
    });
  }

  /** Documents received by the courts whose reports the actor may see. */
  async inbox(actor: AuthenticatedActor, q: z.output<typeof inboxQuerySchema>) {
    const recipients = [...this.deps.deployment.courts].filter(
      (c) =>
        (q.recipient === undefined || c === q.recipient) &&
        can(actor, 'viewing', { kind: 'report', court: c }, this.deps.courts),
    );
    const rows = await listInbox(this.deps.db, { recipients, quarter: q.quarter, kind: q.kind });
    return { items: rows.map(inboxView) };
  }

  /**
   * The recipient court acknowledges a document in its inbox (the first acknowledgement stands);
   * a peer's document has the acknowledgement pushed back to that peer (R-RP-3).
   */
  async acknowledge(actor: AuthenticatedActor, documentId: string, recipient: string) {
    const row = this.toReportFor(
      actor,
      await findReceived(this.deps.db, documentId, recipient),
      () => recipient,
    );
    const item = await this.uow.run(async (w) => {
      await acknowledgeReceived(w.trx, documentId, recipient, actor.sub, w.now);
      const after = (await findReceived(w.trx, documentId, recipient))!;
      if (row.acknowledged_at === null && after.source !== 'local')
        await queueAcknowledgementPush(w.trx, {
          peer: after.source,
          documentId,
          digest: after.digest,
          recipient,
          acknowledgedAt: after.acknowledged_at!,
          acknowledgedBy: after.acknowledged_by!,
          now: w.now,
        });
      if (row.acknowledged_at === null && row.kind === 'quarterly-report' && row.quarter)
        await w.emit(reportAcknowledged, {
          court: row.from_court,
          aggregateId: documentId,
          actor: { sub: actor.sub, kind: 'user' },
          data: {
            reportId: documentId,
            quarter: row.quarter,
            sha256: row.digest,
            recipient,
            acknowledgedAt: w.now.toISOString(),
          },
        });
      return inboxView(after);
    });
    this.deps.wakeDeliveries?.();
    return item;
  }

  /**
   * A document pushed by a peer deployment (R-RP-3): the bearer token must be
   * the registered peer's, for this deployment and this very digest; the
   * sending court must be one the peer serves; the document must hash to its
   * digest and carry the peer's signature. Stored once per recipient; a
   * repeat is acknowledged with the first receipt and counted once.
   */
  async receive(authorization: string | undefined, body: z.output<typeof inboundDocumentBodySchema>) {
    const { peer, claims } = await authenticatedPeer(authorization, this.deps.deployment);
    const sender = body.document.court;
    if (claims.sub !== sender || !peer.courts.includes(sender))
      throw refusedPush(
        'not-peer-court',
        '发送法院不属于该对端部署',
        `court ${sender} is not served by peer ${peer.id}`,
        403,
      );
    if (claims.digest !== body.digest)
      throw refusedPush(
        'token-digest-mismatch',
        '令牌与所推送文件不符',
        'the token was issued for another document',
        401,
      );
    if (snapshotDigest(body.document) !== body.digest)
      throw refusedPush(
        'digest-mismatch',
        '文件摘要不符，内容已被改动',
        'the document does not hash to its digest: altered',
      );
    if (!verifyDigest(peer.publicKey, body.digest, body.signature))
      throw refusedPush('signature-invalid', '签名无效', "the signature is not the peer's");
    if (!this.deps.deployment.courts.has(body.recipient))
      throw refusedPush(
        'not-served-here',
        '收件法院不在本部署',
        `court ${body.recipient} is not served here`,
        404,
      );
    let quarter: string | null = null;
    let version: number | null = null;
    if (body.kind === 'quarterly-report') {
      const parsed = reportSnapshotSchema.safeParse(body.document);
      if (!parsed.success || !parsed.data.recipients.some((r) => r.code === body.recipient))
        throw refusedPush(
          'not-a-report-for-recipient',
          '不是发给该法院的季度报告',
          'not a quarterly report routed to this recipient',
        );
      quarter = parsed.data.quarter;
      version = parsed.data.version;
    }
    const had = await receivedDigest(this.deps.db, body.document.id, body.recipient);
    if (had !== undefined && had !== body.digest)
      throw refusedPush(
        'conflicting-document',
        '同一文件编号已收到不同内容',
        'a different document was already received under this id',
        409,
      );
    return this.uow.run(async (w) => {
      const r = await storeReceived(w.trx, {
        document_id: body.document.id,
        recipient: body.recipient,
        kind: body.kind,
        from_court: sender,
        quarter,
        version,
        document: JSON.stringify(body.document),
        digest: body.digest,
        signature: body.signature,
        key_id: body.keyId,
        source: peer.id,
        received_at: w.now,
      });
      return {
        documentId: body.document.id,
        recipient: body.recipient,
        duplicate: r.duplicate,
        receivedAt: r.receivedAt.toISOString(),
      };
    });
  }
}
