import type { z } from 'zod';
import type { identitySchema, identitySummarySchema } from '@jir/contracts';
import { call } from '../api/client.js';

/** An identity in a list, with how many of the court's records name it. */
export type IdentitySummary = z.output<typeof identitySummarySchema>;
/** An identity with its records here and other courts as counts (R-BX-2). */
export type Identity = z.output<typeof identitySchema>;

/** Intake's interferer identities for the signed-in user's token. */
export function identitiesApi(token: string) {
  return {
    list: (q?: string) =>
      call<IdentitySummary[]>(token, 'intake', '/v1/interferer-identities', { query: { q } }),
    get: (id: string) => call<Identity>(token, 'intake', `/v1/interferer-identities/${id}`),
    merge: (id: string, into: string, reason: string) =>
      call<Identity>(token, 'intake', `/v1/interferer-identities/${id}/merge`, {
        method: 'POST',
        body: { into, reason },
      }),
    split: (recordId: string, reason: string, identityId?: string) =>
      call<Identity>(token, 'intake', `/v1/records/${recordId}/identity`, {
        method: 'POST',
        body: { reason, ...(identityId ? { identityId } : {}) },
      }),
  };
}
