import type { z } from 'zod';
import type { accountabilityBodySchema, accountabilityEntrySchema } from '@jir/contracts';
import { serviceClient } from '../api/client.js';

/** A ledger entry with the sanction the rules suggest (R-AB-1). */
export type LedgerEntry = z.output<typeof accountabilityEntrySchema>;
/** An established violation as trial management records it. */
export type LedgerInput = z.input<typeof accountabilityBodySchema>;

/** Intake's accountability ledger for the signed-in user's token. */
export function ledgerApi(token: string) {
  const intake = serviceClient(token, 'intake');
  return {
    list: (staff?: string) => intake.get<LedgerEntry[]>('/v1/accountability-entries', { staff }),
    add: (b: LedgerInput) => intake.post<LedgerEntry>('/v1/accountability-entries', b),
  };
}
