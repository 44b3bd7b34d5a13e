import { z } from 'zod';
import { DEADLINE_KINDS, FORMS, INTERFERER_KINDS, SPECIAL_ITEM_CODES, STAGES, UNIT_TYPES } from '@jir/rules';
import { defineEvent, type EventDefinition } from './envelope.js';

const instant = z.iso.datetime({ offset: true });
const id = z.string().min(1).max(200);

/**
 * What other services may know of a record: its classification, never its
 * content or the interferer's words (those stay in intake, R-AC-2).
 */
export const recordFactsSchema = z.object({
  recordId: id,
  caseNumber: z.string().max(100),
  stage: z.enum(STAGES),
  form: z.enum(FORMS),
  handler: id,
  division: z.string().max(100).nullable(),
  interfererKind: z.enum(INTERFERER_KINDS),
  unitType: z.enum(UNIT_TYPES),
  interfererIdentityId: id.nullable(),
  /**
   * The identity of the person the request started with, when the interferer spoke for someone
   * (staff or relatives for their cadre, or a passed-on request, 递转): the sender is the
   * interferer, the originator this one (R-SC-2). Optional: events written before it existed
   * lack it, and consumers accept both; null when the interferer spoke for themselves.
   */
  originatorIdentityId: id.nullable().optional(),
  specialItems: z.array(z.enum(SPECIAL_ITEM_CODES)),
  severe: z.boolean(),
  involvesPrincipalLeader: z.boolean(),
  receivedAt: instant,
  communicatedAt: instant,
  /**
   * The record's version number after the change. Events of one record may
   * arrive in any order: a consumer keeps the facts of the highest revision.
   * Optional because events written before it existed lack it (read as 0).
   */
  revision: z.number().int().positive().optional(),
  /**
   * The materials (R-TR-3) this record records, when they came along the chain: the entry
   * and copy periods then run from their delivery to the handler (R-DL-1). Optional and
   * absent for materials that reached the handler directly.
   */
  materialId: id.optional(),
  /**
   * The receipt first stated. A correction of the receipt after entry (approved by trial
   * management) changes `receivedAt`, never the periods, which stay anchored here (R-RC-4).
   * Optional: events written before it existed lack it (then `receivedAt` is the anchor).
   */
  firstReceivedAt: instant.optional(),
  /**
   * Who interfered, as the special-items list and the identity roll-up name them (R-RP-1, Art 10);
   * never the content of what they said. Optional: events written before it existed lack it, and
   * consumers accept both.
   */
  interferer: z
    .object({ name: z.string().max(200), unit: z.string().max(200), position: z.string().max(200) })
    .optional(),
});

export const recordDrafted = defineEvent('intake.record.drafted', 1, recordFactsSchema);
export const recordEntered = defineEvent(
  'intake.record.entered',
  1,
  recordFactsSchema.extend({ enteredAt: instant }),
);
export const recordAmended = defineEvent(
  'intake.record.amended',
  1,
  recordFactsSchema.extend({ revision: z.number().int().positive(), changedFields: z.array(z.string()) }),
);
export const recordConfirmed = defineEvent(
  'intake.record.confirmed',
  1,
  z.object({ recordId: id, confirmedBy: id, missing: z.array(id), confirmedAt: instant }),
);
export const copyDelivered = defineEvent(
  'intake.copy.delivered',
  1,
  z.object({ recordId: id, deliveredAt: instant }),
);
export const copyAcknowledged = defineEvent(
  'intake.copy.acknowledged',
  1,
  z.object({ recordId: id, acknowledgedBy: id, acknowledgedAt: instant }),
);
export const materialRegistered = defineEvent(
  'intake.material.registered',
  1,
  z.object({ materialId: id, filingNumber: z.string().max(100), receivedAt: instant, registeredBy: id }),
);
export const materialTransferred = defineEvent(
  'intake.material.transferred',
  1,
  z.object({
    materialId: id,
    hop: z.enum(['trial-department', 'vice-president', 'division-head', 'case-handler']),
    from: id,
    to: id,
    at: instant,
  }),
);
/**
 * The head of a court's audit chain, signed with the deployment's Ed25519 key (R-PV-2):
 * kept outside intake's database (the reporting service keeps these), so that a chain
 * rewritten or cut short behind the service's back no longer contains this head.
 * The signature is over canonical JSON of {court, position, headHash, signedAt, keyId}.
 */
export const auditHeadSigned = defineEvent(
  'intake.audit.head-signed',
  1,
  z.object({
    court: id,
    position: z.number().int().positive(),
    headHash: z.string().regex(/^[0-9a-f]{64}$/),
    signedAt: instant,
    signature: z.base64(),
    keyId: z.string().min(1).max(100),
  }),
);
/**
 * The head signer found a court's chain no longer holding a head it signed earlier
 * (entries deleted from its end, or rewritten): it refused to sign, and says so here
 * so that someone outside the database notices (R-PV-2).
 */
export const auditChainRegressed = defineEvent(
  'intake.audit.chain-regressed',
  1,
  z.object({
    court: id,
    /** The latest head this deployment signed. */
    signedPosition: z.number().int().positive(),
    signedHash: z.string().regex(/^[0-9a-f]{64}$/),
    /** The chain's head now (null: no sealed entry left). */
    headPosition: z.number().int().nonnegative().nullable(),
    /** What the chain holds at the signed position now (null: nothing). */
    hashAtSignedPosition: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .nullable(),
    detectedAt: instant,
  }),
);
/** An opinion filed under Art 6 (R-SC-4): outside the special database, its files go to the main volume. */
export const exemptOpinionFiled = defineEvent(
  'intake.exempt-opinion.filed',
  1,
  z.object({
    opinionId: id,
    caseNumber: z.string().max(100),
    handler: id,
    division: z.string().max(100).nullable(),
    filedAt: instant,
  }),
);
/** The outcome of verifying one drawn record (R-BX-3), so that reports can show it. */
export const sampleVerified = defineEvent(
  'intake.sample.verified',
  1,
  z.object({
    drawId: id,
    recordId: id,
    quarter: z.string().regex(/^\d{4}-Q[1-4]$/),
    outcome: z.enum(['confirmed', 'disputed']),
    verifiedBy: id,
    verifiedAt: instant,
  }),
);
export const evidenceStored = defineEvent(
  'evidence.file.stored',
  1,
  z.object({
    evidenceId: id,
    recordId: id,
    size: z.number().int().nonnegative(),
    mediaType: z.string().max(200),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    sm3: z.string().regex(/^[0-9a-f]{64}$/),
    uploadedBy: id,
    uploadedAt: instant,
  }),
);
export const evidenceIntegrityFailed = defineEvent(
  'evidence.integrity.failed',
  1,
  z.object({
    evidenceId: id,
    recordId: id,
    problem: z.enum(['digest-mismatch', 'missing-object']),
    checkedAt: instant,
  }),
);

/**
 * Every kind of obligation the deadline monitor tracks: the legal periods of `@jir/rules`, and
 * the quarterly report to the region's political-legal committee (Art 8), whose day the
 * regulation leaves to configuration.
 */
export const OBLIGATION_KINDS = [...DEADLINE_KINDS, 'committee-report'] as const;
/** One of {@link OBLIGATION_KINDS}. */
export type ObligationKind = (typeof OBLIGATION_KINDS)[number];

const obligation = z.object({
  obligationId: id,
  kind: z.enum(OBLIGATION_KINDS),
  subjectId: id,
  dueAt: instant,
  dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  // Optional, so events written before they existed still parse: whom the duty falls on, so
  // that intake can list a staff member's breaches as evidence (R-AB-1).
  recordId: id.optional(),
  materialId: id.optional(),
  handler: id.optional(),
  division: z.string().max(100).nullable().optional(),
  quarter: z
    .string()
    .regex(/^\d{4}-Q[1-4]$/)
    .optional(),
  /** The recipient (court or committee code) a report or escalation is owed to. */
  level: z.string().max(60).optional(),
});
export const obligationCreated = defineEvent('deadlines.obligation.created', 1, obligation);
export const obligationReminded = defineEvent('deadlines.obligation.reminded', 1, obligation);
export const obligationMet = defineEvent(
  'deadlines.obligation.met',
  1,
  obligation.extend({ metAt: instant, lateByMs: z.number().int().nonnegative() }),
);
export const obligationBreached = defineEvent(
  'deadlines.obligation.breached',
  1,
  obligation.extend({ breachedAt: instant }),
);
/** Met after its breach (R-DL-5): the breach stays in the obligation's history. */
export const obligationMetLate = defineEvent(
  'deadlines.obligation.met-late',
  1,
  obligation.extend({ metAt: instant, lateByMs: z.number().int().nonnegative(), breachedAt: instant }),
);
/** Waived by trial management with a reason (audited); no reminder or breach follows. */
export const obligationWaived = defineEvent(
  'deadlines.obligation.waived',
  1,
  obligation.extend({ reason: z.string().max(2000), waivedBy: id, waivedAt: instant }),
);
/** A loaded calendar year moved the deadline (R-DL-3); `previousDueAt` is null when none was known. */
export const obligationRescheduled = defineEvent(
  'deadlines.obligation.rescheduled',
  1,
  obligation.extend({ previousDueAt: instant.nullable() }),
);

const reportRef = z.object({
  reportId: id,
  quarter: z.string().regex(/^\d{4}-Q[1-4]$/),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export const reportGenerated = defineEvent('reporting.report.generated', 1, reportRef);
export const reportSent = defineEvent(
  'reporting.report.sent',
  1,
  reportRef.extend({ recipient: z.string().max(60), sentAt: instant }),
);
export const reportAcknowledged = defineEvent(
  'reporting.report.acknowledged',
  1,
  reportRef.extend({ recipient: z.string().max(60), acknowledgedAt: instant }),
);

/**
 * One hop of a severe record's immediate escalation delivered (R-RP-2, R-DL-4): the deadline
 * monitor meets the record's escalation obligation for that level with it.
 */
export const escalationDelivered = defineEvent(
  'reporting.escalation.delivered',
  1,
  z.object({
    recordId: id,
    court: id,
    /** The recipient: a court code, or a committee code (`PLC:<court>`). */
    level: z.string().max(60),
    deliveredAt: instant,
  }),
);
/** A quarterly report delivered to one recipient (R-DL-2, R-RP-3): meets the report obligation. */
export const reportDelivered = defineEvent(
  'reporting.report.delivered',
  1,
  z.object({
    reportId: id,
    court: id,
    quarter: z.string().regex(/^\d{4}-Q[1-4]$/),
    recipient: z.string().max(60),
    recipientKind: z.enum(['court', 'committee']),
    deliveredAt: instant,
  }),
);

/** Every event kind the services exchange. */
export const EVENT_CATALOGUE: readonly EventDefinition[] = [
  recordDrafted,
  recordEntered,
  recordAmended,
  recordConfirmed,
  copyDelivered,
  copyAcknowledged,
  materialRegistered,
  materialTransferred,
  exemptOpinionFiled,
  auditHeadSigned,
  auditChainRegressed,
  sampleVerified,
  evidenceStored,
  evidenceIntegrityFailed,
  obligationCreated,
  obligationReminded,
  obligationMet,
  obligationBreached,
  obligationMetLate,
  obligationWaived,
  obligationRescheduled,
  reportGenerated,
  reportSent,
  reportAcknowledged,
  escalationDelivered,
  reportDelivered,
];

/** The definition for a subject such as 'intake.record.entered.v1', if known. */
export function eventBySubject(subject: string, catalogue: readonly EventDefinition[] = EVENT_CATALOGUE) {
  return catalogue.find((d) => subject === d.subject || subject.endsWith(`.${d.subject}`));
}
