import { recordIdParamsSchema } from '@jir/contracts';
import { actorOf, clientAddress, defineRoute, parseParams, type Route } from '@jir/service-kit';
import { renderInformationForm } from './information-form.js';
import type { RecordsService } from './records.service.js';

/**
 * The record's information form as a printable A4 PDF (Art 4, Art 7): the copy
 * the handler hands to trial management. It shows the record's content, so it
 * is read like the record itself: the same right, and the read is logged (R-AC-3).
 */
export function recordFormPdfRoutes(deps: { service: RecordsService }): Route[] {
  return [
    defineRoute({
      spec: {
        method: 'get',
        path: '/v1/records/:id/form.pdf',
        operationId: 'printRecordForm',
        summary: '打印外部领导干部过问案件信息表 / the information form as a printable A4 PDF (Art 7)',
        tags: ['records'],
        params: recordIdParamsSchema,
        responses: { 200: { description: 'PDF', contentType: 'application/pdf' } },
      },
      handler: async (req, res) => {
        const id = parseParams(req, recordIdParamsSchema).id;
        const record = await deps.service.get(actorOf(res), id, clientAddress(req));
        const pdf = await renderInformationForm(record);
        res
          .status(200)
          .type('application/pdf')
          .set('content-disposition', `inline; filename="information-form-${id}-v${record.revision}.pdf"`)
          .send(pdf);
      },
    }),
  ];
}
