import {
  calendarPreviewSchema,
  calendarYearBodySchema,
  calendarYearParamsSchema,
  calendarYearSchema,
  complianceQuerySchema,
  complianceSchema,
  obligationIdParamsSchema,
  obligationListQuerySchema,
  obligationPageSchema,
  obligationSchema,
  waiveObligationBodySchema,
  type RouteSpec,
} from '@jir/contracts';
import type { CourtHierarchy } from '@jir/rules';
import { authorize, idempotency, jsonRoute, type Clock, type JsonCall, type Route } from '@jir/service-kit';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { calendarLoader } from './calendar/calendar-loader.js';
import type { CalendarService } from './calendar/calendar.service.js';
import { compliance } from './compliance/compliance.service.js';
import type { DeadlineDB } from './db/schema.js';
import type { ObligationsService } from './obligations/obligations.service.js';

const idempotencyHeader = z.object({ 'idempotency-key': z.string().optional() });

/**
 * Every route of the deadline monitor, its contract and answer declared
 * together. Reading obligations is scoped per row (listingScope, can());
 * waiving needs processing of obligations (the court's trial management);
 * loading a calendar year is the reporting hub's trial management's alone,
 * since the one calendar moves every court's deadlines (calendar-loader.ts).
 */
export function deadlineRoutes(d: {
  db: Kysely<DeadlineDB>;
  clock: Clock;
  courts: CourtHierarchy;
  obligations: ObligationsService;
  calendar: CalendarService;
}): Route[] {
  const idem = idempotency({ db: d.db as never });
  return [
    jsonRoute({
      spec: {
        method: 'get',
        path: '/v1/obligations',
        operationId: 'listObligations',
        summary: '期限义务列表 / obligations the caller may see, filtered (R-DL-1…R-DL-6)',
        tags: ['obligations'],
        query: obligationListQuerySchema,
        responses: { 200: { description: 'a page', schema: obligationPageSchema } },
      },
      answer: ({ actor, query }) => d.obligations.list(actor, query),
    }),
    jsonRoute({
      spec: {
        method: 'get',
        path: '/v1/obligations/:id',
        operationId: 'getObligation',
        summary: '读取期限义务及其历史 / one obligation with its history',
        tags: ['obligations'],
        params: obligationIdParamsSchema,
        responses: { 200: { description: 'the obligation', schema: obligationSchema } },
      },
      answer: ({ actor, params }) => d.obligations.read(actor, params.id),
    }),
    jsonRoute({
      spec: {
        method: 'post',
        path: '/v1/obligations/:id/waive',
        operationId: 'waiveObligation',
        summary: '免除期限义务（须说明理由，留痕） / waive an obligation with a reason, audited',
        tags: ['obligations'],
        params: obligationIdParamsSchema,
        headers: idempotencyHeader,
        body: waiveObligationBodySchema,
        responses: { 200: { description: 'waived', schema: obligationSchema } },
      },
      authorize: authorize('processing', 'obligation'),
      use: [idem],
      answer: ({ actor, params, body }) => d.obligations.waive(actor, params.id, body.reason),
    }),
    jsonRoute({
      spec: {
        method: 'get',
        path: '/v1/calendar/:year',
        operationId: 'getCalendarYear',
        summary: '某年法定节假日安排 / the legal calendar in force for a year (R-DL-3)',
        tags: ['calendar'],
        params: calendarYearParamsSchema,
        responses: { 200: { description: 'the year', schema: calendarYearSchema } },
      },
      answer: ({ params }) => d.calendar.read(params.year),
    }),
    calendarYearSent(
      d.courts,
      {
        method: 'put',
        path: '/v1/calendar/:year',
        operationId: 'putCalendarYear',
        summary:
          '导入某年节假日安排并重算未完成的期限（仅汇总法院审判管理部门） / load a year and recompute open deadlines; the reporting hub’s trial management only (R-DL-3)',
        responses: { 200: { description: 'loaded', schema: calendarYearSchema } },
      },
      ({ actor, params, body }) => d.calendar.load(actor, params.year, body),
    ),
    calendarYearSent(
      d.courts,
      {
        method: 'post',
        path: '/v1/calendar/:year/preview',
        operationId: 'previewCalendarYear',
        summary:
          '预览导入某年节假日安排的影响（不导入） / what loading a year would reschedule, court by court, without loading it (R-DL-3)',
        responses: { 200: { description: 'the duties that would move', schema: calendarPreviewSchema } },
      },
      ({ actor, params, body }) => d.calendar.preview(actor, params.year, body),
    ),
    jsonRoute({
      spec: {
        method: 'get',
        path: '/v1/compliance',
        operationId: 'getCompliance',
        summary:
          '本院及下级法院的期限遵守情况 / compliance of a court and the courts below it (Art 9, R-RP-5)',
        tags: ['compliance'],
        query: complianceQuerySchema,
        responses: { 200: { description: 'compliance', schema: complianceSchema } },
      },
      answer: ({ actor, query }) => compliance(d, actor, query),
    }),
  ];
}

/**
 * A route a year's calendar is sent to: the load and its preview read the
 * same year and body and need the same right, as whoever may load the year
 * sees what the load would do first, and nobody else needs to.
 */
function calendarYearSent(
  courts: CourtHierarchy,
  spec: Pick<RouteSpec, 'method' | 'path' | 'operationId' | 'summary' | 'responses'>,
  answer: (
    call: JsonCall<typeof calendarYearParamsSchema, undefined, typeof calendarYearBodySchema>,
  ) => Promise<unknown>,
): Route {
  return jsonRoute({
    spec: { ...spec, tags: ['calendar'], params: calendarYearParamsSchema, body: calendarYearBodySchema },
    authorize: calendarLoader(courts),
    answer,
  });
}
