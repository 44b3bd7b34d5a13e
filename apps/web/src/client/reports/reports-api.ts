import type { z } from 'zod';
import type {
  deliveryListSchema,
  inboxListSchema,
  inboxQuerySchema,
  quarterlyReportBodySchema,
  reportListQuerySchema,
  reportListSchema,
} from '@jir/contracts';
import { serviceClient } from '../api/client.js';
import type {
  Report,
  ReportVerification,
  Declaration,
  Delivery,
  InboxItem,
  CommitteeHandover,
  Rollup,
} from '../api/types.js';

/** The reporting service's routes for the signed-in user's token. */
export function reportsApi(token: string) {
  const reporting = serviceClient(token, 'reporting');
  return {
    generate: (b: z.input<typeof quarterlyReportBodySchema>) =>
      reporting.post<Report>('/v1/reports/quarterly', b),
    list: (q: z.input<typeof reportListQuerySchema>) =>
      reporting.get<z.output<typeof reportListSchema>>('/v1/reports', q),
    get: (id: string) => reporting.get<Report>(`/v1/reports/${id}`),
    verify: (id: string) => reporting.get<ReportVerification>(`/v1/reports/${id}/verification`),
    declare: (quarter: string, kind: 'nothing' | 'complete') =>
      reporting.post<Declaration>('/v1/declarations', { quarter, kind }),
    /** Queues the version for every recipient; sending it again adds nothing (R-RP-2). */
    send: (id: string) => reporting.post<z.output<typeof deliveryListSchema>>(`/v1/reports/${id}/send`),
    deliveries: (reportId: string) =>
      reporting.get<z.output<typeof deliveryListSchema>>('/v1/deliveries', { reportId }),
    handover: (deliveryId: string, b: CommitteeHandover) =>
      reporting.post<Delivery>(`/v1/deliveries/${deliveryId}/handover`, b),
    inbox: (q: z.input<typeof inboxQuerySchema>) =>
      reporting.get<z.output<typeof inboxListSchema>>('/v1/inbox', q),
    rollup: (court: string, quarter: string) => reporting.get<Rollup>('/v1/rollup', { court, quarter }),
    acknowledge: (documentId: string, recipient: string) =>
      reporting.post<InboxItem>(
        `/v1/inbox/${encodeURIComponent(documentId)}/${encodeURIComponent(recipient)}/acknowledge`,
      ),
  };
}
