import type { z } from 'zod';
import type { integrityReportSchema, reconciliationReportSchema } from '@jir/contracts';
import { serviceClient } from '../api/client.js';

/** Objects without rows and rows without objects; nothing is deleted (R-EV-3). */
export type Reconciliation = z.output<typeof reconciliationReportSchema>;
/** What an integrity check re-read and which items failed. */
export type IntegrityReport = z.output<typeof integrityReportSchema>;

/** The evidence store's checks, which reveal no content (Art 14), for the signed-in user's token. */
export function storeApi(token: string) {
  const evidence = serviceClient(token, 'evidence');
  return {
    reconcile: () => evidence.get<Reconciliation>('/v1/reconciliation'),
    checkIntegrity: () => evidence.post<IntegrityReport>('/v1/integrity-checks', {}),
  };
}
