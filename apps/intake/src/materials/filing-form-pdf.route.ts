import { idParamsSchema } from '@jir/contracts';
import { renderPdf } from '@jir/documents';
import { actorOf, clientAddress, defineRoute, parseParams, type Route } from '@jir/service-kit';
import { filingForm } from './filing-form.js';
import type { MaterialsService } from './materials.service.js';

/**
 * The filing form (备案表) of registered materials as a printable A4 PDF
 * (Art 7, R-TR-2): read with the same right as the materials themselves, and
 * the read is recorded like the record's form.pdf (R-AC-3).
 */
export function filingFormPdfRoutes(deps: { materials: MaterialsService }): Route[] {
  return [
    defineRoute({
      spec: {
        method: 'get',
        path: '/v1/materials/:id/filing-form.pdf',
        operationId: 'printFilingForm',
        summary: '打印外部领导干部过问案件备案表 / the filing form as a printable A4 PDF (Art 7, R-TR-2)',
        tags: ['materials'],
        params: idParamsSchema,
        responses: { 200: { description: 'PDF', contentType: 'application/pdf' } },
      },
      handler: async (req, res) => {
        const id = parseParams(req, idParamsSchema).id;
        const m = await deps.materials.readFilingForm(actorOf(res), id, clientAddress(req));
        // Dated by the registration, not the clock: the same chain prints the same bytes.
        const pdf = await renderPdf(filingForm(m), { creationDate: new Date(m.registeredAt) });
        res
          .status(200)
          .type('application/pdf')
          .set('content-disposition', `inline; filename="filing-form-${id}.pdf"`)
          .send(pdf);
      },
    }),
  ];
}
