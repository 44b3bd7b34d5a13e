import {
  declarationBodySchema,
  declarationSchema,
  quarterlyReportBodySchema,
  reportIdParamsSchema,
  reportListQuerySchema,
  reportListSchema,
  reportSchema,
  reportVerificationSchema,
} from '@jir/contracts';
import { authorize, jsonRoute, type Route } from '@jir/service-kit';
import type { DeclarationsService } from '../declarations/declarations.service.js';
import type { ReportsService } from './reports.service.js';

/** Quarterly reports (R-RP-1, R-RP-4, R-BX-4) and declarations (R-BX-1). */
export function reportRoutes(deps: {
  reports: ReportsService;
  declarations: DeclarationsService;
  idem: Route['authorize'] & {};
}): Route[] {
  const { reports, declarations, idem } = deps;
  return [
    jsonRoute({
      spec: {
        method: 'post',
        path: '/v1/reports/quarterly',
        operationId: 'generateQuarterlyReport',
        summary: '生成季度分析报告 / generate a quarterly report snapshot (R-RP-1)',
        tags: ['reports'],
        body: quarterlyReportBodySchema,
        responses: { 201: { description: 'the frozen, signed snapshot', schema: reportSchema } },
      },
      authorize: authorize('reporting', 'report'),
      use: [idem],
      answer: ({ actor, body }) => reports.generate(actor, body),
    }),
    jsonRoute({
      spec: {
        method: 'get',
        path: '/v1/reports',
        operationId: 'listReports',
        summary: '报告列表 / report versions the caller may see, newest first',
        tags: ['reports'],
        query: reportListQuerySchema,
        responses: { 200: { description: 'versions', schema: reportListSchema } },
      },
      answer: ({ actor, query }) => reports.list(actor, query),
    }),
    jsonRoute({
      spec: {
        method: 'get',
        path: '/v1/reports/:id',
        operationId: 'getReport',
        summary: '报告快照 / one frozen report version',
        tags: ['reports'],
        params: reportIdParamsSchema,
        responses: { 200: { description: 'the snapshot', schema: reportSchema } },
      },
      answer: ({ actor, params }) => reports.get(actor, params.id),
    }),
    jsonRoute({
      spec: {
        method: 'get',
        path: '/v1/reports/:id/verification',
        operationId: 'verifyReport',
        summary: '核验报告 / digest, signature and the read model recomputed (R-RP-4, R-BX-4)',
        tags: ['reports'],
        params: reportIdParamsSchema,
        responses: { 200: { description: 'verification', schema: reportVerificationSchema } },
      },
      answer: ({ actor, params }) => reports.verify(actor, params.id),
    }),
    jsonRoute({
      spec: {
        method: 'post',
        path: '/v1/declarations',
        operationId: 'declareQuarter',
        summary:
          '季度申报：无记录或记录完整 / declare a quarter: nothing to record, or records complete (R-BX-1)',
        tags: ['declarations'],
        body: declarationBodySchema,
        responses: { 201: { description: 'the declaration', schema: declarationSchema } },
      },
      authorize: authorize('reporting', (actor) => ({
        kind: 'declaration',
        court: actor.court,
        handler: actor.sub,
      })),
      use: [idem],
      answer: ({ actor, body }) => declarations.declare(actor, body),
    }),
  ];
}
