import type { z } from 'zod';
import type {
  committeeHandoverBodySchema,
  declarationSchema,
  deliveryListSchema,
  deliverySchema,
  inboxItemSchema,
  inboxListSchema,
  inboxQuerySchema,
  quarterlyReportBodySchema,
  reportListQuerySchema,
  reportListSchema,
  reportSchema,
  reportVerificationSchema,
  rollupSchema,
} from '@jir/contracts';
import { serviceClient } from '../api/client.js';

/** A stored, signed quarterly report (R-RP-1, R-RP-4). */
export type Report = z.output<typeof reportSchema>;
/** One line of the report list. */
export type ReportListItem = z.output<typeof reportListSchema>['items'][number];
/** Digest, signature and read model checked. */
export type ReportVerification = z.output<typeof reportVerificationSchema>;
/** A handler's declaration for a quarter (R-BX-1). */
export type Declaration = z.output<typeof declarationSchema>;

/** One recipient's delivery of a report: queued, delivered, awaiting a hand-over, no route (R-RP-3). */
export type Delivery = z.output<typeof deliverySchema>;
/** A document received by one of the caller's courts, with its acknowledgement. */
export type InboxItem = z.output<typeof inboxItemSchema>;
/** Who handed a document to a committee outside the system, when and how. */
export type CommitteeHandover = z.input<typeof committeeHandoverBodySchema>;

/** A court's own records of a quarter with its lower courts' newest reports, added up (R-RP-3). */
export type Rollup = z.output<typeof rollupSchema>;

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
