import { serviceClient } from '../api/client.js';
import type * as types from '../api/types.js';

/** Intake's interferer identities for the signed-in user's token. */
export function identitiesApi(token: string) {
  const intake = serviceClient(token, 'intake');
  return {
    list: (q?: string) => intake.get<types.IdentitySummary[]>('/v1/interferer-identities', { q }),
    get: (id: string) => intake.get<types.Identity>(`/v1/interferer-identities/${id}`),
    merge: (id: string, into: string, reason: string) =>
      intake.post<types.Identity>(`/v1/interferer-identities/${id}/merge`, { into, reason }),
    split: (recordId: string, reason: string, identityId?: string) =>
      intake.post<types.Identity>(`/v1/records/${recordId}/identity`, {
        reason,
        ...(identityId ? { identityId } : {}),
      }),
  };
}
