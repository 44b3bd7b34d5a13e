import { z } from 'zod';
import { FORMS, INTERFERER_KINDS, ORIGINS, ROLES, SPECIAL_ITEM_CODES, STAGES, UNIT_TYPES } from '@jir/rules';
import { pageSchema } from './page-schema.js';
import { quarterSchema } from './quarter-schema.js';

// With the u flag a surrogate pair is one code point, so \p{Cs} matches only a lone half.
// NUL is matched on purpose: PostgreSQL text cannot hold it.
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /[\p{Cs}\u0000]/u;

/**
 * Text that can be kept exactly as sent (R-RC-4): a lone UTF-16 surrogate is
 * not Unicode (PostgreSQL refuses it in JSON, and re-encoding turns it into
 * U+FFFD), and PostgreSQL text cannot hold NUL. Both are refused by field
 * rather than stored altered or failing in the database.
 */
export const storableString = () =>
  z.string().refine((s) => !UNSTORABLE.test(s), {
    message:
      '含有无法原样保存的字符（孤立代理项或 NUL）/ contains a character that cannot be kept exactly (a lone UTF-16 surrogate or NUL)',
  });

/** Required, trimmed, bounded text that is stored exactly as sent. */
export const storableText = (max: number) => storableString().trim().min(1).max(max);
const text = storableText;
const instant = z.iso.datetime({ offset: true });

/**
 * When something the register records happened. Year 0 or 9999 is a slip of the
 * keyboard, not a date: nothing can be recorded under rules issued in 2015 before
 * 2015, and the service refuses what lies ahead of its clock (R-RC-4), which no
 * schema can know; this bound catches the nonsense with a field error at once.
 */
const statedInstant = instant.refine(
  (s) => {
    const t = Date.parse(s);
    return t >= Date.UTC(2015, 0, 1) && t < Date.UTC(2100, 0, 1);
  },
  { message: '时间须在 2015 年至今之间 / a time between 2015 and now' },
);

/** Case numbers like (2026)吉0102民初1234号; brackets may be ASCII or full-width. */
export const caseNumberSchema = z
  .string()
  .trim()
  .min(5)
  .max(60)
  .regex(/^[（(]\d{4}[)）][\u4e00-\u9fffA-Za-z0-9]+号$/, {
    message: '案号格式应如 (2026)吉0102民初1234号 / a case number looks like (2026)吉0102民初1234号',
  });

export const interfererSchema = z
  .object({
    name: text(100),
    unit: text(200),
    position: text(100),
    unitType: z.enum(UNIT_TYPES),
    kind: z.enum(INTERFERER_KINDS),
    retired: z.boolean().default(false),
    /** State-functionary status (国家公职人员身份), when known (Art 15, R-SC-3). */
    stateFunctionary: z.boolean().optional(),
    /** Holds (or held, if retired) a leading post (领导职务), when known (Art 15, R-SC-3). */
    leadingPost: z.boolean().optional(),
    /** For staff or relatives: the leading cadre behind them. */
    onBehalfOf: z
      .object({ name: text(100), unit: text(200), position: text(100) })
      .strict()
      .optional(),
    /** Whose name the request was made in: the person's own or an organisation's (以个人或者组织名义, Art 3, R-SC-2). */
    inNameOf: z.enum(['own', 'organisation']).optional(),
    /** The organisation in whose name it was made, when inNameOf is 'organisation'. */
    organisation: text(200).optional(),
    /**
     * When the interferer passes on someone else's request (递转), the person it started with:
     * both are recorded, and the record's identities link to the originator (R-SC-2).
     */
    originator: z
      .object({
        name: text(100),
        unit: text(200),
        position: text(100),
        kind: z.enum(INTERFERER_KINDS).optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((i) => i.inNameOf === 'organisation' || i.organisation === undefined, {
    path: ['organisation'],
    message:
      '仅以组织名义过问时填写组织名称 / the organisation is given only for a request in an organisation’s name',
  })
  .refine((i) => i.inNameOf !== 'organisation' || i.organisation !== undefined, {
    path: ['organisation'],
    message: '以组织名义过问须填写组织名称 / a request in an organisation’s name needs the organisation',
  });

/** A court leader or staff member who passed an outsider's request on to the handler (R-SC-5). */
export const relaySchema = z
  .object({
    name: text(100),
    court: text(200),
    position: text(100),
    /** Their id in the court's staff directory, when the relay is of the handler's court. */
    staffId: text(200).optional(),
  })
  .strict();

/** Someone present at an oral interference: court staff by id (they must confirm), outsiders by name. */
export const personPresentSchema = z.union([
  z.object({ staffId: text(200), name: text(100).optional() }).strict(),
  z.object({ name: text(100), role: text(100).optional() }).strict(),
]);

/** What a record states and an amendment may correct, validated alike in both (R-RC-4). */
const recordStatements = {
  caseNumber: caseNumberSchema,
  stage: z.enum(STAGES),
  receivedAt: statedInstant,
  communicatedAt: statedInstant,
  form: z.enum(FORMS),
  interferer: interfererSchema,
  content: text(20_000),
};

export const recordBodySchema = z
  .object({
    ...recordStatements,
    specialItems: z.array(z.enum(SPECIAL_ITEM_CODES)).max(15).default([]),
    severe: z.boolean().default(false),
    involvesPrincipalLeader: z.boolean().default(false),
    place: text(200).optional(),
    personsPresent: z.array(personPresentSchema).max(50).optional(),
    /** Nobody but the handler was present at a spoken approach, said explicitly: an empty list alone is not (R-RC-3). */
    noOtherPersonPresent: z.boolean().optional(),
    /**
     * Where the request started (Art 16, R-SC-5): with a leader or staff member of any court of
     * the city it falls under the internal-personnel regulation and is refused here (logged).
     */
    origin: z.enum(ORIGINS).default('outside-the-courts'),
    /** A court leader or staff member who passed on an outsider's request (内部转递): recorded, still external. */
    relayedBy: relaySchema.optional(),
    /** @deprecated origin 'courts-of-the-city' says the same. */
    internalPersonnel: z.boolean().optional(),
    /**
     * The materials this record records, when they reached the handler along the chain
     * (R-DL-1): the entry and copy periods then run from their delivery to the handler.
     */
    materialId: z.uuid({ message: '材料编号应为 UUID / materialId is a UUID' }).optional(),
    enter: z.boolean().default(false),
  })
  .strict()
  .refine((b) => Date.parse(b.communicatedAt) <= Date.parse(b.receivedAt), {
    path: ['communicatedAt'],
    message: '过问时间不得晚于收到时间 / communicatedAt cannot be after receivedAt',
  })
  .refine((b) => new Set(b.specialItems).size === b.specialItems.length, {
    path: ['specialItems'],
    message: '特别报告事项不得重复 / special items must not repeat',
  })
  .refine((b) => !(b.noOtherPersonPresent === true && (b.personsPresent?.length ?? 0) > 0), {
    path: ['noOtherPersonPresent'],
    message:
      '已列出在场人员，不能同时声明无其他人在场 / persons present are listed, so “no other person present” cannot be stated',
  });
export type RecordBody = z.output<typeof recordBodySchema>;

/** The fields an amendment may correct, with the reason (R-RC-4). */
export const amendmentBodySchema = z
  .object({
    reason: text(2000),
    changes: z
      .object({
        ...recordStatements,
        specialItems: z.array(z.enum(SPECIAL_ITEM_CODES)).max(15),
        severe: z.boolean(),
        involvesPrincipalLeader: z.boolean(),
        place: text(200),
        personsPresent: z.array(personPresentSchema).max(50),
        noOtherPersonPresent: z.boolean(),
      })
      .partial()
      .strict()
      .refine((c) => Object.keys(c).length > 0, { message: '至少修改一个字段 / change at least one field' }),
  })
  .strict();

/** The handler's request to change an entered record's receipt time (R-RC-4). */
export const receiptCorrectionBodySchema = z
  .object({ receivedAt: statedInstant, reason: text(2000) })
  .strict();

/** Trial management's decision on a requested receipt correction (R-RC-4). */
export const receiptCorrectionDecisionBodySchema = z
  .object({ approve: z.boolean(), note: text(2000) })
  .strict();

/** `:id` of a record and `:correctionId` of one of its receipt corrections. */
export const receiptCorrectionParamsSchema = z.object({
  id: z.uuid({ message: '记录编号应为 UUID / record id is a UUID' }),
  correctionId: z.uuid({ message: '更正编号应为 UUID / correction id is a UUID' }),
});

/** A requested change of the receipt time, pending until trial management decides (R-RC-4). */
export const receiptCorrectionSchema = z
  .object({
    id: z.string(),
    recordId: z.string(),
    receivedAt: z.string(),
    previousReceivedAt: z.string(),
    reason: z.string(),
    requestedBy: z.string(),
    requestedAt: z.string(),
    state: z.enum(['pending', 'approved', 'rejected']),
    decidedBy: z.string().nullable(),
    decidedAt: z.string().nullable(),
    decisionNote: z.string().nullable(),
    /** The record's revision that applied it, once approved. */
    appliedRevision: z.number().int().nullable(),
  })
  .meta({ id: 'ReceiptCorrection' });

export const recordListQuerySchema = z
  .object({
    interfererKind: z.enum(INTERFERER_KINDS),
    unitType: z.enum(UNIT_TYPES),
    form: z.enum(FORMS),
    specialItem: z.enum(SPECIAL_ITEM_CODES),
    stage: z.enum(STAGES),
    state: z.enum(['draft', 'entered']),
    division: text(100),
    handler: text(200),
    caseNumber: text(60),
    severe: z.enum(['true', 'false']).transform((v) => v === 'true'),
    receivedFrom: statedInstant,
    receivedTo: statedInstant,
    cursor: z.string().regex(/^[0-9a-f-]{36}$/, { message: '无效的游标 / invalid cursor' }),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .partial()
  .strict();

export const recordIdParamsSchema = z.object({
  id: z.uuid({ message: '记录编号应为 UUID / record id is a UUID' }),
});

export const recordSchema = z
  .object({
    id: z.string(),
    court: z.string(),
    division: z.string().nullable(),
    handler: z.string(),
    state: z.enum(['draft', 'entered']),
    revision: z.number().int(),
    caseNumber: z.string(),
    stage: z.enum(STAGES),
    form: z.enum(FORMS),
    receivedAt: z.string(),
    /** The receipt first stated: the periods run from it, whatever is corrected later (R-RC-4). Absent in versions kept before it existed. */
    firstReceivedAt: z.string().optional(),
    communicatedAt: z.string(),
    interferer: interfererSchema,
    /** Who inside a court passed the outsider's request on, if anyone (R-SC-5). */
    relayedBy: relaySchema.nullable().optional(),
    /** The materials the record records, when they came along the chain (R-DL-1). */
    materialId: z.string().nullable().optional(),
    interfererIdentityId: z.string().nullable(),
    /** The identity of the person the request started with: the originator, or the cadre behind staff or relatives (R-SC-2). */
    originatorIdentityId: z.string().nullable().optional(),
    content: z.string(),
    specialItems: z.array(z.string()),
    suggestedSpecialItems: z.array(z.string()),
    severe: z.boolean(),
    involvesPrincipalLeader: z.boolean(),
    place: z.string().nullable(),
    personsPresent: z.array(personPresentSchema),
    /** The handler stated that nobody else was present (R-RC-3). */
    noOtherPersonPresent: z.boolean().optional(),
    confirmations: z.object({ confirmed: z.array(z.string()), missing: z.array(z.string()) }),
    evidenceCount: z.number().int(),
    missingForEntry: z.array(
      z.object({ code: z.string(), field: z.string(), zh: z.string(), en: z.string() }),
    ),
    createdAt: z.string(),
    enteredAt: z.string().nullable(),
    copyDeliveredAt: z.string().nullable(),
    copyAcknowledgedAt: z.string().nullable(),
  })
  .meta({ id: 'Record' });

const person = z.object({ name: text(100), unit: text(200), position: text(100) }).strict();

/** Materials received by an authorised department (Art 7, R-TR-1). */
export const materialReceiptBodySchema = z
  .object({
    caseNumber: caseNumberSchema,
    description: text(5000),
    sender: person,
    form: z.enum(FORMS),
    receivedAt: statedInstant,
  })
  .strict();

/** Trial management's filing form (备案表): who the materials pass to, level by level (R-TR-2, R-TR-3). */
export const filingBodySchema = z
  .object({
    trialDepartment: text(100),
    departmentReceiver: text(200),
    vicePresident: text(200),
    divisionHead: text(200),
    handler: text(200),
  })
  .strict();

/** The level-by-level hops after registration, in order (R-TR-3). */
export const TRANSFER_HOPS = ['trial-department', 'vice-president', 'division-head', 'case-handler'] as const;

export const transferBodySchema = z.object({ hop: z.enum(TRANSFER_HOPS), to: text(200) }).strict();

/** An opinion given on the court's commission or with its permission (Art 6, R-SC-4). */
export const exemptOpinionBodySchema = z
  .object({
    caseNumber: caseNumberSchema,
    source: z.enum([
      'party-or-government-organ',
      'trade-association-or-chamber',
      'public-welfare-organisation',
      'public-institution-with-administrative-functions',
      'other',
    ]),
    organisation: text(200),
    commissionReference: storableString().trim().max(100).optional(),
    concernsStateOrPublicInterest: z.boolean(),
    content: text(20_000),
    receivedAt: statedInstant,
  })
  .strict();

/**
 * Trial management's decision on a claimed exemption (Art 6, R-SC-4): confirmed, naming the
 * commission or permission document among the opinion's stored files; or rejected, with why
 * (the handler then converts the opinion into a record).
 */
export const exemptOpinionConfirmationBodySchema = z
  .object({
    decision: z.enum(['confirmed', 'rejected']),
    /** The evidence item (uploaded for the opinion) that is the commission or permission document. */
    documentEvidenceId: text(200).optional(),
    reason: text(2000).optional(),
  })
  .strict()
  .refine((b) => b.decision !== 'confirmed' || b.documentEvidenceId !== undefined, {
    path: ['documentEvidenceId'],
    message:
      '确认须指明已上传的委托或许可文书 / a confirmation names the uploaded commission or permission document',
  })
  .refine((b) => b.decision !== 'rejected' || b.reason !== undefined, {
    path: ['reason'],
    message: '不予确认须说明理由 / a rejection gives its reason',
  });

/**
 * An opinion wrongly filed as exempt becomes a record of interference (R-SC-4): the record as
 * for `POST /v1/records`, of the opinion's case; the opinion and its history are kept.
 */
export const exemptOpinionConversionBodySchema = z
  .object({ reason: text(2000), record: recordBodySchema })
  .strict();

// ---------------------------------------------------------------------------
// Requests and answers of every other intake route. Declared here rather than
// beside the handlers so the web application and the OpenAPI document read the
// same schemas the service validates with.

const uuidParam = z.uuid({ message: '编号应为 UUID / id is a UUID' });

/** `:id` of a material, identity, complaint or draw. */
export const idParamsSchema = z.object({ id: uuidParam });

/** `GET /v1/records` answer: one page, and where the next starts. */
export const recordPageSchema = pageSchema(recordSchema, 'RecordPage');

/** The information form as archived in the case's secondary volume, one per revision (Art 5, R-EV-4). */
export const formArchiveSchema = z
  .object({
    recordId: z.string(),
    revision: z.number(),
    volume: z.literal('secondary'),
    sha256: z.string(),
    size: z.number(),
    archivedBy: z.string(),
    archivedAt: z.string(),
  })
  .meta({ id: 'FormArchive' });

/** One read of a record in the view log (R-AC-3, R-BX-5). */
export const recordViewSchema = z
  .object({
    viewer: z.string(),
    court: z.string(),
    roles: z.array(z.string()),
    at: z.string(),
    address: z.string(),
  })
  .meta({ id: 'RecordView' });

/** One kept revision of a record, with the record as it was (R-RC-4). */
export const recordVersionSchema = z
  .object({
    revision: z.number().int(),
    changedBy: z.string(),
    changedAt: z.string(),
    reason: z.string(),
    changedFields: z.array(z.string()),
    record: recordSchema,
  })
  .meta({ id: 'RecordVersion' });

/** Who has confirmed an oral record and who still must (R-RC-3). */
export const recordConfirmationsSchema = z
  .object({
    recordId: z.string(),
    confirmations: z.object({ confirmed: z.array(z.string()), missing: z.array(z.string()) }),
  })
  .meta({ id: 'RecordConfirmations' });

/** The records the caller was present at and has not yet confirmed, oldest receipt first (R-RC-3). */
export const recordsAwaitingConfirmationSchema = z
  .object({ items: z.array(recordSchema) })
  .meta({ id: 'RecordsAwaitingConfirmation' });

/** Materials with their filing form and every hop so far (R-TR-1..3). */
export const materialSchema = z
  .object({
    id: z.string(),
    court: z.string(),
    caseNumber: z.string(),
    description: z.string(),
    sender: z.object({ name: z.string(), unit: z.string(), position: z.string() }),
    form: z.string(),
    receivedAt: z.string(),
    receivedBy: z.string(),
    filingNumber: z.string().nullable(),
    registeredBy: z.string().nullable(),
    registeredAt: z.string().nullable(),
    route: z
      .object({
        trialDepartment: z.string(),
        departmentReceiver: z.string(),
        vicePresident: z.string(),
        divisionHead: z.string(),
        handler: z.string(),
      })
      .nullable(),
    holder: z.string(),
    /** The hand-over from the receiving department to trial management, once registered (R-TR-2). */
    handOver: z.object({ from: z.string(), to: z.string(), at: z.string() }).nullable().optional(),
    /** 'registration' before filing; null once delivered to the handler. */
    nextHop: z.enum(['registration', ...TRANSFER_HOPS]).nullable(),
    deliveredAt: z.string().nullable(),
    hops: z.array(z.object({ hop: z.string(), from: z.string(), to: z.string(), at: z.string() })),
  })
  .meta({ id: 'Material' });

/** What the current stage of materials expects of the caller (R-TR-2, R-TR-3). */
export const MATERIAL_EXPECTATIONS = ['register', 'pass-on', 'receive'] as const;

/**
 * `GET /v1/materials` query. `waitingFor=me` keeps only the materials whose current stage waits
 * for the caller: to register them, to pass them on, or to receive them as the next level.
 */
export const materialListQuerySchema = z
  .object({
    waitingFor: z.enum(['me'], { message: '只能为 me / can only be me' }).optional(),
    cursor: z.uuid({ message: '无效的游标 / invalid cursor' }).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

/** Materials in a list, with what their current stage expects of the caller (null: nothing). */
export const materialListItemSchema = materialSchema
  .extend({ expectedOfMe: z.enum(MATERIAL_EXPECTATIONS).nullable() })
  .meta({ id: 'MaterialListItem' });

/** `GET /v1/materials` answer: one page, oldest receipt first, and where the next starts. */
export const materialPageSchema = pageSchema(materialListItemSchema, 'MaterialPage');

/** A refused attempt to receive or pass on materials (R-TR-1). */
export const refusedAttemptSchema = z
  .object({
    actor: z.string(),
    roles: z.array(z.string()),
    action: z.string(),
    subjectId: z.string().nullable(),
    code: z.string(),
    at: z.string(),
    address: z.string(),
  })
  .meta({ id: 'RefusedAttempt' });

/** `GET /v1/exempt-opinions` query. */
export const exemptOpinionListQuerySchema = z
  .object({ caseNumber: storableString().max(60).optional() })
  .strict();

/** An exempt opinion, filed to the case's main volume (R-SC-4). */
export const exemptOpinionSchema = z
  .object({
    id: z.string(),
    court: z.string(),
    handler: z.string(),
    caseNumber: z.string(),
    source: z.string(),
    organisation: z.string(),
    commissionReference: z.string(),
    content: z.string(),
    receivedAt: z.string(),
    volume: z.string(),
    createdAt: z.string(),
    /** filed (awaiting trial management), confirmed, rejected, or converted into a record (R-SC-4). */
    state: z.enum(['filed', 'confirmed', 'rejected', 'converted']),
    /** The commission or permission document trial management confirmed against. */
    documentEvidenceId: z.string().nullable(),
    /** The record it was converted into. */
    recordId: z.string().nullable(),
    /** Every decision on it, oldest first: nothing is overwritten. */
    decisions: z.array(
      z.object({
        action: z.enum(['confirmed', 'rejected', 'converted']),
        by: z.string(),
        at: z.string(),
        documentEvidenceId: z.string().nullable(),
        recordId: z.string().nullable(),
        reason: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'ExemptOpinion' });

/** `GET /v1/interferer-identities` query: part of a name or unit. */
export const identityListQuerySchema = z.object({ q: storableString().max(100).optional() }).strict();

/** Folds one identity into another, with the reason (R-BX-2). */
export const identityMergeBodySchema = z.object({ into: z.uuid(), reason: storableText(2000) }).strict();

/** Moves a record to another identity, or to a new one when none is named. */
export const identitySplitBodySchema = z
  .object({ identityId: z.uuid().optional(), reason: storableText(2000) })
  .strict();

/** An identity in a list, with how many of the court's records name it. */
export const identitySummarySchema = z
  .object({ id: z.string(), name: z.string(), unit: z.string(), position: z.string(), records: z.number() })
  .meta({ id: 'IdentitySummary' });

/** A record of the reader's court, as an identity lists it. */
const identityRecordSchema = z.object({
  id: z.string(),
  caseNumber: z.string(),
  receivedAt: z.string(),
  handler: z.string(),
  division: z.string().nullable(),
  state: z.enum(['draft', 'entered']),
});

/** An identity with its records in the reader's court; other courts only as counts (R-AC-2). */
export const identitySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    unit: z.string(),
    position: z.string(),
    mergedInto: z.string().nullable(),
    records: z.array(identityRecordSchema),
    otherCourts: z.array(z.object({ court: z.string(), records: z.number() })),
    /**
     * The court's records in which someone else passed on this person's request, or acted as
     * their staff or relative (R-SC-2): the cadre behind them shows here.
     */
    originated: z
      .array(identityRecordSchema.extend({ sender: z.object({ name: z.string(), kind: z.string() }) }))
      .optional(),
  })
  .meta({ id: 'Identity' });

const ACCOUNTABILITY_KINDS = ['failure-to-record', 'untruthful-record', 'instructed-by-supervisor'] as const;

/** An established violation for the accountability ledger (R-AB-1). */
export const accountabilityBodySchema = z
  .object({
    staff: storableText(200),
    kind: z.enum(ACCOUNTABILITY_KINDS),
    recordId: z.uuid().optional(),
    description: storableText(5000),
    /** What the finding rests on: missed deadlines feed in as evidence, not verdicts (R-AB-1). */
    evidence: z
      .array(
        z
          .object({
            type: z.enum(['breach', 'record', 'document', 'testimony']),
            reference: storableText(500),
          })
          .strict(),
      )
      .max(50)
      .default([]),
  })
  .strict();

/** `GET /v1/accountability-entries` query. */
export const accountabilityListQuerySchema = z
  .object({ staff: storableString().max(200).optional() })
  .strict();

/** A ledger entry with the sanction the rules suggest (R-AB-1). */
export const accountabilityEntrySchema = z
  .object({
    id: z.string(),
    staff: z.string(),
    kind: z.enum(ACCOUNTABILITY_KINDS),
    recordId: z.string().nullable(),
    description: z.string(),
    evidence: z.array(z.object({ type: z.string(), reference: z.string() })),
    priorViolations: z.number().int(),
    suggestion: z.object({
      measures: z.array(z.object({ code: z.string(), zh: z.string(), en: z.string() })),
      article: z.number().int().nullable(),
      regulation: z.string().nullable(),
    }),
    foundBy: z.string(),
    foundAt: z.string(),
  })
  .meta({ id: 'AccountabilityEntry' });

/** A complaint of obstruction or retaliation (R-AB-2). */
export const complaintBodySchema = z
  .object({ against: storableText(500), description: storableText(20_000) })
  .strict();

/**
 * 'escalated' passes the complaint to the court one level up (R-AB-2); 'escalated-to-spc' is
 * accepted only where the court above is the Supreme People's Court, since no level is skipped.
 */
const COMPLAINT_ACTIONS = ['reported-to-committee', 'escalated', 'escalated-to-spc'] as const;

/** What the receiving court did with a complaint (R-AB-2). */
export const complaintActionBodySchema = z
  .object({ action: z.enum(COMPLAINT_ACTIONS), note: storableText(5000) })
  .strict();

/** A complaint and what the receiving court did with it. */
export const complaintSchema = z
  .object({
    id: z.string(),
    fromCourt: z.string(),
    complainant: z.string(),
    receivingCourt: z.string(),
    committee: z.string(),
    against: z.string(),
    description: z.string(),
    filedAt: z.string(),
    actions: z.array(
      z.object({ action: z.enum(COMPLAINT_ACTIONS), note: z.string(), by: z.string(), at: z.string() }),
    ),
    /** The court that holds it now, the last of its levels (R-AB-2). */
    holdingCourt: z.string().optional(),
    /**
     * Each court it reached, level by level, with the period to report it to that court's
     * committee and how that period stands (R-AB-2).
     */
    levels: z
      .array(
        z.object({
          level: z.number().int(),
          court: z.string(),
          committee: z.string(),
          receivedAt: z.string(),
          reportDueAt: z.string(),
          reportedAt: z.string().nullable(),
          report: z.enum(['pending', 'on-time', 'late', 'missing']),
        }),
      )
      .optional(),
  })
  .meta({ id: 'Complaint' });

/** A quarter to draw a sample of, and optionally the share (R-BX-3). */
export const drawBodySchema = z
  .object({
    quarter: quarterSchema,
    share: z.number().gt(0).max(1).optional(),
  })
  .strict();

/** `:id` of a draw. */
export const drawIdParamsSchema = z.object({ id: z.uuid() });

/** `:id` of a draw and `:recordId` of a drawn record. */
export const drawItemParamsSchema = z.object({ id: z.uuid(), recordId: z.uuid() });

/** A drawn record confirmed or disputed (R-BX-3). */
export const verificationBodySchema = z
  .object({ outcome: z.enum(['confirmed', 'disputed']), note: storableText(5000) })
  .strict();

/** A draw with its seed, so it can be recomputed, and each item's verification (R-BX-3). */
export const sampleDrawSchema = z
  .object({
    id: z.string(),
    quarter: z.string(),
    share: z.number(),
    seed: z.string(),
    drawnBy: z.string(),
    drawnAt: z.string(),
    items: z.array(
      z.object({
        recordId: z.string(),
        caseNumber: z.string(),
        handler: z.string(),
        division: z.string().nullable(),
        verification: z
          .object({
            outcome: z.enum(['confirmed', 'disputed']),
            note: z.string().nullable(),
            by: z.string().nullable(),
            at: z.string().optional(),
          })
          .nullable(),
      }),
    ),
  })
  .meta({ id: 'SampleDraw' });

/** `GET /v1/sample-draws` query: the caller's court by default, optionally one quarter. */
export const drawListQuerySchema = z
  .object({
    court: storableString().min(1).max(40).optional(),
    quarter: quarterSchema.optional(),
    cursor: z.uuid({ message: '无效的游标 / invalid cursor' }).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

/** A draw in a list: its seed and how far its verification has got, without the items (R-BX-3). */
export const sampleDrawSummarySchema = z
  .object({
    id: z.string(),
    court: z.string(),
    quarter: z.string(),
    share: z.number(),
    seed: z.string(),
    drawnBy: z.string(),
    drawnAt: z.string(),
    drawn: z.number().int(),
    confirmed: z.number().int(),
    disputed: z.number().int(),
  })
  .meta({ id: 'SampleDrawSummary' });

/** `GET /v1/sample-draws` answer: the newest draw first, and where the next page starts. */
export const sampleDrawPageSchema = pageSchema(sampleDrawSummarySchema, 'SampleDrawPage');

/** One verification as stored. */
export const sampleVerificationSchema = z
  .object({
    drawId: z.string(),
    recordId: z.string(),
    outcome: z.enum(['confirmed', 'disputed']),
    verifiedBy: z.string(),
    verifiedAt: z.string(),
  })
  .meta({ id: 'SampleVerification' });

/**
 * `GET /v1/sample-draws/awaiting-my-verification`: the drawn records the caller may verify and
 * nobody has yet (R-BX-3). A division head or a second person present verifies without reading
 * the draw itself, so this is how they learn what waits for them.
 */
export const samplesAwaitingVerificationSchema = z
  .object({
    items: z.array(
      z.object({
        drawId: z.string(),
        quarter: z.string(),
        drawnAt: z.string(),
        recordId: z.string(),
        caseNumber: z.string(),
        handler: z.string(),
        division: z.string().nullable(),
        /** Why the caller is asked: present at the interference, or head of the record's division. */
        as: z.enum(['present', 'division-head']),
      }),
    ),
  })
  .meta({ id: 'SamplesAwaitingVerification' });

/** `GET /v1/audit/verify`: the recomputed hash chain and the first break, if any (R-PV-2). */
export const auditVerificationSchema = z
  .object({
    court: z.string(),
    entries: z.number(),
    intact: z.boolean(),
    pending: z.number(),
    firstBreak: z.object({ seq: z.number(), chainPos: z.number(), reason: z.string() }).optional(),
    firstContentMismatch: z
      .object({
        kind: z.enum(['record', 'version']),
        recordId: z.string(),
        revision: z.number(),
        reason: z.enum(['content-mismatch', 'not-audited', 'workflow-mismatch']),
      })
      .optional(),
  })
  .meta({ id: 'AuditVerification' });

// ── The staff directory (R-AC-1, R-TR-1, R-RC-3) ─────────────────────────────

/** One person of a court's directory as the personnel system exports them; `id` is their token's `sub`. */
export const staffMemberInputSchema = z
  .object({
    id: text(200),
    name: text(100),
    division: text(100).nullable().optional(),
    roles: z.array(z.enum(ROLES)).max(ROLES.length).default([]),
    activeFrom: instant.nullable().optional(),
    activeUntil: instant.nullable().optional(),
  })
  .strict();

/** `PUT /v1/staff` as JSON: the court's whole directory; anyone left out is marked as having left. */
export const staffDirectoryBodySchema = z
  .object({ staff: z.array(staffMemberInputSchema).max(20_000) })
  .strict()
  .superRefine((b, ctx) => {
    const seen = new Set<string>();
    b.staff.forEach((s, i) => {
      if (seen.has(s.id))
        ctx.addIssue({
          code: 'custom',
          path: ['staff', i, 'id'],
          message: `工号重复 / the id ${s.id} appears twice`,
        });
      seen.add(s.id);
      if (s.activeFrom && s.activeUntil && s.activeUntil < s.activeFrom)
        ctx.addIssue({
          code: 'custom',
          path: ['staff', i, 'activeUntil'],
          message: '离职时间早于入职时间 / activeUntil is before activeFrom',
        });
    });
  });

/** One person of the directory as the service answers. */
export const staffMemberSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    division: z.string().nullable(),
    roles: z.array(z.string()),
    activeFrom: z.string().nullable(),
    activeUntil: z.string().nullable(),
    active: z.boolean(),
  })
  .meta({ id: 'StaffMember' });

/** What a directory load changed; loading the same directory again changes nothing. */
export const staffImportResultSchema = z
  .object({
    added: z.number(),
    updated: z.number(),
    unchanged: z.number(),
    departed: z.number(),
    total: z.number(),
    /**
     * What the loaded directory lacks that the rules need: 'no-statistician' when nobody
     * active holds the statistician role, the person Art 9 has each court designate.
     */
    flags: z
      .array(z.object({ code: z.string(), message: z.object({ zh: z.string(), en: z.string() }) }))
      .optional(),
  })
  .meta({ id: 'StaffImportResult' });

/** `GET /v1/staff` query for pickers: a division, a role, part of a name or id; `all` includes those who left. */
export const staffListQuerySchema = z
  .object({
    division: storableString().max(100).optional(),
    role: z.enum(ROLES).optional(),
    q: storableString().max(100).optional(),
    all: z.enum(['true', 'false']).optional(),
  })
  .strict();

/** Someone who used the service with a valid token of the court but is not in its directory. */
export const unknownStaffSchema = z
  .object({
    id: z.string(),
    name: z.string().nullable(),
    division: z.string().nullable(),
    roles: z.array(z.string()),
    firstSeen: z.string(),
    lastSeen: z.string(),
  })
  .meta({ id: 'UnknownStaff' });
