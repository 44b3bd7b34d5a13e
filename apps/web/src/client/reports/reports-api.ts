import type { z } from 'zod';
import type {
  declarationSchema,
  quarterlyReportBodySchema,
  reportListQuerySchema,
  reportListSchema,
  reportSchema,
  reportVerificationSchema,
} from '@jir/contracts';
import { call } from '../api/client.js';

/** A stored, signed quarterly report (R-RP-1, R-RP-4). */
export type Report = z.output<typeof reportSchema>;
/** One line of the report list. */
export type ReportListItem = z.output<typeof reportListSchema>['items'][number];
/** Digest, signature and read model checked. */
export type ReportVerification = z.output<typeof reportVerificationSchema>;
/** A handler's declaration for a quarter (R-BX-1). */
export type Declaration = z.output<typeof declarationSchema>;

/** The reporting service's routes for the signed-in user's token. */
export function reportsApi(token: string) {
  return {
    generate: (b: z.input<typeof quarterlyReportBodySchema>) =>
      call<Report>(token, 'reporting', '/v1/reports/quarterly', { method: 'POST', body: b }),
    list: (q: z.input<typeof reportListQuerySchema>) =>
      call<z.output<typeof reportListSchema>>(token, 'reporting', '/v1/reports', { query: q }),
    get: (id: string) => call<Report>(token, 'reporting', `/v1/reports/${id}`),
    verify: (id: string) => call<ReportVerification>(token, 'reporting', `/v1/reports/${id}/verification`),
    declare: (quarter: string, kind: 'nothing' | 'complete') =>
      call<Declaration>(token, 'reporting', '/v1/declarations', {
        method: 'POST',
        body: { quarter, kind },
      }),
  };
}
