import { idParamsSchema } from '@jir/contracts';
import { renderPdf } from '@jir/documents';
import { actorOf, defineRoute, parseParams, problem, type Route } from '@jir/service-kit';
import { filingForm } from './filing-form.js';
import type { MaterialsService } from './materials.service.js';

/**
 * The filing form (备案表) of registered materials as a printable A4 PDF
 * (Art 7, R-TR-2): read with the same right as the materials themselves.
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
        const m = await deps.materials.get(actorOf(res), id);
        if (!m.filingNumber || !m.registeredAt)
          throw problem({
            status: 409,
            code: 'not-registered',
            message: {
              zh: '材料尚未经审判管理部门登记备案，还没有备案表',
              en: 'the materials are not registered with trial management yet, so there is no filing form',
            },
          });
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
