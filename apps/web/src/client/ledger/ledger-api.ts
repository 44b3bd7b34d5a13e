import { serviceClient } from '../api/client.js';
import type * as types from '../api/types.js';

/** Intake's accountability ledger for the signed-in user's token. */
export function ledgerApi(token: string) {
  const intake = serviceClient(token, 'intake');
  return {
    list: (staff?: string) => intake.get<types.LedgerEntry[]>('/v1/accountability-entries', { staff }),
    add: (b: types.LedgerInput) => intake.post<types.LedgerEntry>('/v1/accountability-entries', b),
  };
}
