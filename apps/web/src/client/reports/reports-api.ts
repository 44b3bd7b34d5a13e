import { serviceClient } from '../api/client.js';
import type * as types from '../api/types.js';

/** The reporting service's routes for the signed-in user's token. */
export function reportsApi(token: string) {
  const reporting = serviceClient(token, 'reporting');
  return {
    generate: (b: types.QuarterlyReportInput) => reporting.post<types.Report>('/v1/reports/quarterly', b),
    list: (q: types.ReportListQuery) => reporting.get<types.ReportList>('/v1/reports', q),
    get: (id: string) => reporting.get<types.Report>(`/v1/reports/${id}`),
    verify: (id: string) => reporting.get<types.ReportVerification>(`/v1/reports/${id}/verification`),
    declare: (quarter: string, kind: 'nothing' | 'complete') =>
      reporting.post<types.Declaration>('/v1/declarations', { quarter, kind }),
    /** Queues the version for every recipient; sending it again adds nothing (R-RP-2). */
    send: (id: string) => reporting.post<types.DeliveryList>(`/v1/reports/${id}/send`),
    deliveries: (reportId: string) => reporting.get<types.DeliveryList>('/v1/deliveries', { reportId }),
    handover: (deliveryId: string, b: types.CommitteeHandover) =>
      reporting.post<types.Delivery>(`/v1/deliveries/${deliveryId}/handover`, b),
    inbox: (q: types.InboxQuery) => reporting.get<types.InboxList>('/v1/inbox', q),
    rollup: (court: string, quarter: string) => reporting.get<types.Rollup>('/v1/rollup', { court, quarter }),
    acknowledge: (documentId: string, recipient: string) =>
      reporting.post<types.InboxItem>(
        `/v1/inbox/${encodeURIComponent(documentId)}/${encodeURIComponent(recipient)}/acknowledge`,
      ),
  };
}
