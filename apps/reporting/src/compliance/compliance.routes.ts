import {
  circularBodySchema,
  circularSchema,
  lowerCourtsComplianceQuerySchema,
  lowerCourtsComplianceSchema,
} from '@jir/contracts';
import { authorize, jsonRoute, type Route } from '@jir/service-kit';
import type { ComplianceService } from './compliance.service.js';

/** Lower courts' compliance and its circulation (R-RP-5). */
export function complianceRoutes(deps: {
  compliance: ComplianceService;
  idem: Route['authorize'] & {};
}): Route[] {
  const { compliance, idem } = deps;
  return [
    jsonRoute({
      spec: {
        method: 'get',
        path: '/v1/report-compliance',
        operationId: 'getLowerCourtsCompliance',
        summary: '下级法院执行情况 / each lower court’s reports, records on time and breaches (R-RP-5)',
        tags: ['compliance'],
        query: lowerCourtsComplianceQuerySchema,
        responses: { 200: { description: 'per lower court', schema: lowerCourtsComplianceSchema } },
      },
      answer: ({ actor, query }) => compliance.compliance(actor, query.court, query.quarter),
    }),
    jsonRoute({
      spec: {
        method: 'post',
        path: '/v1/compliance/circulars',
        operationId: 'circulateCompliance',
        summary: '通报 / circulate the compliance as a signed document to the lower courts (R-RP-5)',
        tags: ['compliance'],
        body: circularBodySchema,
        responses: { 201: { description: 'the circular', schema: circularSchema } },
      },
      authorize: authorize('reporting', 'report'),
      use: [idem],
      answer: ({ actor, body }) => compliance.circulate(actor, body),
    }),
  ];
}
