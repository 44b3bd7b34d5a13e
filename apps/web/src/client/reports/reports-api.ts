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
import { call } from '../api/client.js';

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
    /** Queues the version for every recipient; sending it again adds nothing (R-RP-2). */
    send: (id: string) =>
      call<z.output<typeof deliveryListSchema>>(token, 'reporting', `/v1/reports/${id}/send`, {
        method: 'POST',
      }),
    deliveries: (reportId: string) =>
      call<z.output<typeof deliveryListSchema>>(token, 'reporting', '/v1/deliveries', {
        query: { reportId },
      }),
    handover: (deliveryId: string, b: CommitteeHandover) =>
      call<Delivery>(token, 'reporting', `/v1/deliveries/${deliveryId}/handover`, {
        method: 'POST',
        body: b,
      }),
    inbox: (q: z.input<typeof inboxQuerySchema>) =>
      call<z.output<typeof inboxListSchema>>(token, 'reporting', '/v1/inbox', { query: q }),
    rollup: (court: string, quarter: string) =>
      call<Rollup>(token, 'reporting', '/v1/rollup', { query: { court, quarter } }),
    acknowledge: (documentId: string, recipient: string) =>
      call<InboxItem>(
        token,
        'reporting',
        `/v1/inbox/${encodeURIComponent(documentId)}/${encodeURIComponent(recipient)}/acknowledge`,
        { method: 'POST' },
      ),
  };
}
