import type { z } from 'zod';
import type { integrityReportSchema, reconciliationReportSchema } from '@jir/contracts';
import { call } from '../api/client.js';

/** Objects without rows and rows without objects; nothing is deleted (R-EV-3). */
export type Reconciliation = z.output<typeof reconciliationReportSchema>;
/** What an integrity check re-read and which items failed. */
export type IntegrityReport = z.output<typeof integrityReportSchema>;

/** The evidence store's checks, which reveal no content (Art 14), for the signed-in user's token. */
export function storeApi(token: string) {
  return {
    reconcile: () => call<Reconciliation>(token, 'evidence', '/v1/reconciliation'),
    checkIntegrity: () =>
      call<IntegrityReport>(token, 'evidence', '/v1/integrity-checks', { method: 'POST', body: {} }),
  };
}
