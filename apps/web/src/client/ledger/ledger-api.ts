import { serviceClient } from '../api/client.js';
import type { LedgerEntry, LedgerInput } from '../api/types.js';

/** Intake's accountability ledger for the signed-in user's token. */
export function ledgerApi(token: string) {
  const intake = serviceClient(token, 'intake');
  return {
    list: (staff?: string) => intake.get<LedgerEntry[]>('/v1/accountability-entries', { staff }),
    add: (b: LedgerInput) => intake.post<LedgerEntry>('/v1/accountability-entries', b),
  };
}
