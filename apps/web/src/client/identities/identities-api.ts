import type { z } from 'zod';
import type { identitySchema, identitySummarySchema } from '@jir/contracts';
import { serviceClient } from '../api/client.js';

/** An identity in a list, with how many of the court's records name it. */
export type IdentitySummary = z.output<typeof identitySummarySchema>;
/** An identity with its records here and other courts as counts (R-BX-2). */
export type Identity = z.output<typeof identitySchema>;

/** Intake's interferer identities for the signed-in user's token. */
export function identitiesApi(token: string) {
  const intake = serviceClient(token, 'intake');
  return {
    list: (q?: string) => intake.get<IdentitySummary[]>('/v1/interferer-identities', { q }),
    get: (id: string) => intake.get<Identity>(`/v1/interferer-identities/${id}`),
    merge: (id: string, into: string, reason: string) =>
      intake.post<Identity>(`/v1/interferer-identities/${id}/merge`, { into, reason }),
    split: (recordId: string, reason: string, identityId?: string) =>
      intake.post<Identity>(`/v1/records/${recordId}/identity`, {
        reason,
        ...(identityId ? { identityId } : {}),
      }),
  };
}
