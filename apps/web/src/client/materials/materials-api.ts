import { serviceClient, type Page } from '../api/client.js';
import type * as types from '../api/types.js';

/** Intake's materials chain (Art 7, R-TR-1..3) for the signed-in user's token. */
export function materialsApi(token: string) {
  const intake = serviceClient(token, 'intake');
  return {
    receive: (b: types.MaterialReceipt) => intake.post<types.Material>('/v1/materials', b),
    /**
     * The caller's materials (those they hold, received or are named for; court-wide for whoever
     * views all), or with `waitingFor: 'me'` only those whose current stage waits for them.
     */
    list: (q: { waitingFor?: 'me'; limit?: number } = {}) =>
      intake.get<Page<types.MaterialListItem>>('/v1/materials', { limit: 200, ...q }),
    get: (id: string) => intake.get<types.Material>(`/v1/materials/${id}`),
    file: (id: string, b: types.Filing) => intake.post<types.Material>(`/v1/materials/${id}/filing`, b),
    transfer: (id: string, b: types.Transfer) =>
      intake.post<types.Material>(`/v1/materials/${id}/transfers`, b),
    refusedAttempts: () => intake.get<types.RefusedAttempt[]>('/v1/refused-attempts'),
  };
}
