import { serviceClient } from '../api/client.js';
import type { IdentitySummary, Identity } from '../api/types.js';

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
