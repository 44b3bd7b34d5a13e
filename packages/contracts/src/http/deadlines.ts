import { z } from 'zod';
import { OBLIGATION_KINDS } from '../events.js';
import { courtsComplianceSchema } from './compliance-schema.js';
import { pageSchema } from './page-schema.js';
import { quarterSchema as quarter } from './quarter-schema.js';
import { timelinessCountsSchema } from './timeliness-counts-schema.js';

const uuidMessage = { message: '编号应为 UUID / id is a UUID' };
const civilDate = z.iso.date({ message: '日期格式应为 YYYY-MM-DD / a date is written YYYY-MM-DD' });

/** The states of an obligation (R-DL-5): met late keeps its breach in the history. */
export const OBLIGATION_STATES = ['pending', 'met', 'met-late', 'breached', 'waived'] as const;
/** One of {@link OBLIGATION_STATES}. */
export type ObligationState = (typeof OBLIGATION_STATES)[number];

/** `:id` of an obligation. */
export const obligationIdParamsSchema = z.object({ id: z.uuid(uuidMessage) });

/** Filters of `GET /v1/obligations`; rows are further narrowed to what the caller may see. */
export const obligationListQuerySchema = z
  .object({
    recordId: z.string().min(1).max(200).optional(),
    court: z.string().min(1).max(40).optional(),
    handler: z.string().min(1).max(200).optional(),
    kind: z.enum(OBLIGATION_KINDS).optional(),
    state: z.enum(OBLIGATION_STATES).optional(),
    dueBefore: z.iso
      .datetime({ offset: true, message: '须为带时区的时间 / an instant with its offset' })
      .optional(),
    cursor: z.uuid({ message: '游标无效 / not a valid cursor' }).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

/** One entry of an obligation's history: what happened to it, oldest first. */
export const obligationHistoryEntrySchema = z.object({
  at: z.string(),
  what: z.string(),
  detail: z.record(z.string(), z.unknown()).optional(),
});

/** A duty with a legal deadline (R-DL-1…R-DL-6). */
export const obligationSchema = z
  .object({
    id: z.string(),
    kind: z.enum(OBLIGATION_KINDS),
    recordId: z.string().optional(),
    materialId: z.string().optional(),
    court: z.string(),
    handler: z.string().optional(),
    division: z.string().optional(),
    quarter: z.string().optional(),
    level: z.string().optional(),
    startsAt: z.string(),
    /** Null while the calendar does not cover the period's year; `pendingReason` says so. */
    dueDate: z.string().nullable(),
    dueAt: z.string().nullable(),
    remindAt: z.string().nullable(),
    state: z.enum(OBLIGATION_STATES),
    pendingReason: z.string().optional(),
    metAt: z.string().optional(),
    lateByMs: z.number().int().optional(),
    breachedAt: z.string().optional(),
    remindedAt: z.string().optional(),
    waived: z.object({ by: z.string(), at: z.string(), reason: z.string() }).optional(),
    history: z.array(obligationHistoryEntrySchema),
  })
  .meta({ id: 'Obligation' });

/** A page of obligations; `nextCursor` is null on the last page. */
export const obligationPageSchema = pageSchema(obligationSchema, 'ObligationPage');

/** Waiving an obligation needs a reason (it is audited). */
export const waiveObligationBodySchema = z
  .object({
    reason: z
      .string({ message: '须说明免除理由 / a reason is required' })
      .trim()
      .min(1, { message: '须说明免除理由 / a reason is required' })
      .max(2000),
  })
  .strict();

/** `:year` of a calendar year. */
export const calendarYearParamsSchema = z.object({
  year: z.coerce
    .number({ message: '年份应为数字 / the year is a number' })
    .int()
    .min(2000, { message: '年份应在 2000–2200 之间 / the year lies between 2000 and 2200' })
    .max(2200, { message: '年份应在 2000–2200 之间 / the year lies between 2000 and 2200' }),
});

/** The State Council's arrangement for one year (R-DL-3), as trial management loads it. */
export const calendarYearBodySchema = z
  .object({
    /** Statutory rest days, weekends inside holiday blocks included. */
    holidays: z.array(civilDate).max(366),
    /** Make-up working days (调休). */
    makeUpWorkdays: z.array(civilDate).max(366),
  })
  .strict();

/** A year of the calendar in force, and where it comes from. */
export const calendarYearSchema = z
  .object({
    year: z.number().int(),
    holidays: z.array(z.string()),
    makeUpWorkdays: z.array(z.string()),
    source: z.enum(['built-in', 'loaded']),
    loadedBy: z.string().optional(),
    loadedAt: z.string().optional(),
    /** After a load: how many open obligations got a new deadline. */
    recomputed: z.number().int().optional(),
  })
  .meta({ id: 'CalendarYear' });

/**
 * `POST /v1/calendar/:year/preview`: what loading the year would do, before it is loaded (R-DL-3).
 * One calendar moves every court's deadlines, so the loader sees how many duties each court would
 * have rescheduled; the duties themselves only where the loader may read them.
 */
export const calendarPreviewSchema = z
  .object({
    year: z.number().int(),
    /** Every open duty whose due date would move, in every court. */
    total: z.number().int(),
    byCourt: z.array(z.object({ court: z.string(), count: z.number().int() })),
    /** Those of `total` the caller may read, with their due date before and after. */
    changes: z.array(
      z.object({
        obligationId: z.string(),
        court: z.string(),
        kind: z.enum(OBLIGATION_KINDS),
        recordId: z.string().nullable(),
        handler: z.string().nullable(),
        fromDueDate: z.string().nullable(),
        toDueDate: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'CalendarPreview' });

/** `GET /v1/compliance`: a court (the caller's by default) and a quarter (the current one by default). */
export const complianceQuerySchema = z
  .object({ court: z.string().min(1).max(40).optional(), quarter: quarter.optional() })
  .strict();

/** One court's compliance in a quarter (Art 9, R-RP-5). */
export const courtComplianceSchema = z.object({
  court: z.string(),
  name: z.string(),
  entries: timelinessCountsSchema,
  copies: timelinessCountsSchema,
  escalations: timelinessCountsSchema,
  reports: timelinessCountsSchema,
  breaches: z.number().int(),
  waived: z.number().int(),
});

/** Compliance of a court and each court below it that the caller may see (R-RP-5). */
export const complianceSchema = courtsComplianceSchema(courtComplianceSchema, 'Compliance');

/**
 * `GET /v1/accountability/breaches` (intake, R-AB-1): the deadline breaches of the caller's
 * court, optionally of one staff member, newest first.
 */
export const breachEvidenceQuerySchema = z
  .object({
    handler: z.string().min(1).max(200).optional(),
    cursor: z.uuid({ message: '游标无效 / not a valid cursor' }).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

/**
 * A missed deadline as evidence trial management may cite when it records a violation in the
 * ledger: a fact reported by the deadline monitor, not a verdict (R-AB-1).
 */
export const breachEvidenceSchema = z
  .object({
    obligationId: z.string(),
    kind: z.enum(OBLIGATION_KINDS),
    court: z.string(),
    handler: z.string().nullable(),
    division: z.string().nullable(),
    recordId: z.string().nullable(),
    materialId: z.string().nullable(),
    quarter: z.string().nullable(),
    level: z.string().nullable(),
    dueDate: z.string(),
    dueAt: z.string(),
    breachedAt: z.string(),
  })
  .meta({ id: 'BreachEvidence' });

/** A page of breaches; `nextCursor` is null on the last page. */
export const breachEvidencePageSchema = pageSchema(breachEvidenceSchema, 'BreachEvidencePage');
