import { reportIdParamsSchema, reportSchema } from '@jir/contracts';
import { renderPdf, renderXlsx } from '@jir/documents';
import type { CourtHierarchy } from '@jir/rules';
import { actorOf, defineRoute, parseParams, type Route } from '@jir/service-kit';
import type { Request, Response } from 'express';
import type { ReportsService, StoredReport } from '../reports/reports.service.js';
import { reportDocument, reportSheets } from './report-document.js';

/**
 * Exports of a stored report (R-RP-4): a printable PDF, a workbook and the
 * JSON, each carrying the digest (in the footers, on each sheet, in the
 * `X-Report-Digest` header) so a reader can check it against the snapshot.
 */
export function exportRoutes(deps: { reports: ReportsService; courts: CourtHierarchy }): Route[] {
  const load = (req: Request, res: Response) =>
    deps.reports.get(actorOf(res), parseParams(req, reportIdParamsSchema).id);
  const send = (res: Response, r: StoredReport, type: string, ext: string, body: Buffer | string) => {
    res
      .status(200)
      .type(type)
      .set('x-report-digest', r.digest)
      .set(
        'content-disposition',
        `attachment; filename="report-${r.court}-${r.quarter}-v${r.version}.${ext}"`,
      )
      .send(body);
  };
  // Rendered from the frozen snapshot at its generation instant: the same report always gives the same file.
  return [
    defineRoute({
      spec: {
        method: 'get',
        path: '/v1/reports/:id/export.pdf',
        operationId: 'exportReportPdf',
        summary: '导出 PDF / the report as a printable A4 PDF with its digest (R-RP-4)',
        tags: ['exports'],
        params: reportIdParamsSchema,
        responses: { 200: { description: 'PDF', contentType: 'application/pdf' } },
      },
      handler: async (req, res) => {
        const r = await load(req, res);
        send(
          res,
          r,
          'application/pdf',
          'pdf',
          await renderPdf(reportDocument(r, deps.courts), { creationDate: new Date(r.generatedAt) }),
        );
      },
    }),
    defineRoute({
      spec: {
        method: 'get',
        path: '/v1/reports/:id/export.xlsx',
        operationId: 'exportReportXlsx',
        summary: '导出 Excel / the report as a workbook, one sheet per breakdown, with its digest (R-RP-4)',
        tags: ['exports'],
        params: reportIdParamsSchema,
        responses: {
          200: {
            description: 'workbook',
            contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          },
        },
      },
      handler: async (req, res) => {
        const r = await load(req, res);
        const doc = reportDocument(r, deps.courts);
        send(
          res,
          r,
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          'xlsx',
          await renderXlsx(doc, reportSheets(r), { created: new Date(r.generatedAt) }),
        );
      },
    }),
    defineRoute({
      spec: {
        method: 'get',
        path: '/v1/reports/:id/export.json',
        operationId: 'exportReportJson',
        summary: '导出 JSON / the stored snapshot with digest and signature, as a file (R-RP-4)',
        tags: ['exports'],
        params: reportIdParamsSchema,
        responses: { 200: { description: 'the snapshot', schema: reportSchema } },
      },
      handler: async (req, res) => {
        const r = await load(req, res);
        send(res, r, 'application/json', 'json', JSON.stringify(r, null, 2));
      },
    }),
  ];
}
