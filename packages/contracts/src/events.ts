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

const obligation = z.object({
  obligationId: id,
  kind: z.enum(DEADLINE_KINDS),
  subjectId: id,
  dueAt: instant,
  dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
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
  evidenceStored,
  evidenceIntegrityFailed,
  obligationCreated,
  obligationReminded,
  obligationMet,
  obligationBreached,
  reportGenerated,
  reportSent,
  reportAcknowledged,
];

/** The definition for a subject such as 'intake.record.entered.v1', if known. */
export function eventBySubject(subject: string, catalogue: readonly EventDefinition[] = EVENT_CATALOGUE) {
  return catalogue.find((d) => subject === d.subject || subject.endsWith(`.${d.subject}`));
}
