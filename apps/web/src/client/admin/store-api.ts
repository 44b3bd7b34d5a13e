import { serviceClient } from '../api/client.js';
import type * as types from '../api/types.js';

/** The evidence store's checks, which reveal no content (Art 14), for the signed-in user's token. */
export function storeApi(token: string) {
  const evidence = serviceClient(token, 'evidence');
  return {
    reconcile: () => evidence.get<types.Reconciliation>('/v1/reconciliation'),
    checkIntegrity: () => evidence.post<types.IntegrityReport>('/v1/integrity-checks', {}),
  };
}
