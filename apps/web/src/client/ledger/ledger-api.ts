import type { z } from 'zod';
import type { accountabilityBodySchema, accountabilityEntrySchema } from '@jir/contracts';
import { call } from '../api/client.js';

/** A ledger entry with the sanction the rules suggest (R-AB-1). */
export type LedgerEntry = z.output<typeof accountabilityEntrySchema>;
/** An established violation as trial management records it. */
export type LedgerInput = z.input<typeof accountabilityBodySchema>;

/** Intake's accountability ledger for the signed-in user's token. */
export function ledgerApi(token: string) {
  return {
    list: (staff?: string) =>
      call<LedgerEntry[]>(token, 'intake', '/v1/accountability-entries', { query: { staff } }),
    add: (b: LedgerInput) =>
      call<LedgerEntry>(token, 'intake', '/v1/accountability-entries', { method: 'POST', body: b }),
  };
}
