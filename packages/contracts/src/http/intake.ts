import { z } from 'zod';
import { FORMS, INTERFERER_KINDS, SPECIAL_ITEM_CODES, STAGES, UNIT_TYPES } from '@jir/rules';

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
    /** For staff or relatives: the leading cadre behind them. */
    onBehalfOf: z
      .object({ name: text(100), unit: text(200), position: text(100) })
      .strict()
      .optional(),
  })
  .strict();

/** Someone present at an oral interference: court staff by id (they must confirm), outsiders by name. */
export const personPresentSchema = z.union([
  z.object({ staffId: text(200), name: text(100).optional() }).strict(),
  z.object({ name: text(100), role: text(100).optional() }).strict(),
]);

export const recordBodySchema = z
  .object({
    caseNumber: caseNumberSchema,
    stage: z.enum(STAGES),
    receivedAt: instant,
    communicatedAt: instant,
    form: z.enum(FORMS),
    interferer: interfererSchema,
    content: text(20_000),
    specialItems: z.array(z.enum(SPECIAL_ITEM_CODES)).max(15).default([]),
    severe: z.boolean().default(false),
    involvesPrincipalLeader: z.boolean().default(false),
    place: text(200).optional(),
    personsPresent: z.array(personPresentSchema).max(50).optional(),
    /** The interferer is the court's own leader or staff (Art 16): refused here. */
    internalPersonnel: z.boolean().optional(),
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
  });
export type RecordBody = z.output<typeof recordBodySchema>;

/** The fields an amendment may correct, with the reason (R-RC-4). */
export const amendmentBodySchema = z
  .object({
    reason: text(2000),
    changes: z
      .object({
        caseNumber: caseNumberSchema,
        stage: z.enum(STAGES),
        receivedAt: instant,
        communicatedAt: instant,
        form: z.enum(FORMS),
        interferer: interfererSchema,
        content: text(20_000),
        specialItems: z.array(z.enum(SPECIAL_ITEM_CODES)).max(15),
        severe: z.boolean(),
        involvesPrincipalLeader: z.boolean(),
        place: text(200),
        personsPresent: z.array(personPresentSchema).max(50),
      })
      .partial()
      .strict()
      .refine((c) => Object.keys(c).length > 0, { message: '至少修改一个字段 / change at least one field' }),
  })
  .strict();

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
    receivedFrom: instant,
    receivedTo: instant,
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
    communicatedAt: z.string(),
    interferer: interfererSchema,
    interfererIdentityId: z.string().nullable(),
    content: z.string(),
    specialItems: z.array(z.string()),
    suggestedSpecialItems: z.array(z.string()),
    severe: z.boolean(),
    involvesPrincipalLeader: z.boolean(),
    place: z.string().nullable(),
    personsPresent: z.array(personPresentSchema),
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
    receivedAt: instant,
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
    receivedAt: instant,
  })
  .strict();
