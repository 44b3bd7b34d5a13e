import type { z } from 'zod';
import type {
  filingBodySchema,
  materialListItemSchema,
  materialReceiptBodySchema,
  materialSchema,
  refusedAttemptSchema,
  transferBodySchema,
} from '@jir/contracts';
import { serviceClient, type Page } from '../api/client.js';

/** Materials with their filing form and hops, as intake answers (types only: no zod in the bundle). */
export type Material = z.output<typeof materialSchema>;
/** Materials in a list, with what their current stage expects of the caller (null: nothing). */
export type MaterialListItem = z.output<typeof materialListItemSchema>;
/** What the receiving department registers. */
export type MaterialReceipt = z.input<typeof materialReceiptBodySchema>;
/** Trial management's filing form (备案表). */
export type Filing = z.input<typeof filingBodySchema>;
/** One hop of the level-by-level transfer. */
export type Transfer = z.input<typeof transferBodySchema>;
/** A refused attempt to receive or pass on materials. */
export type RefusedAttempt = z.output<typeof refusedAttemptSchema>;

/** Intake's materials chain (Art 7, R-TR-1..3) for the signed-in user's token. */
export function materialsApi(token: string) {
  const intake = serviceClient(token, 'intake');
  return {
    receive: (b: MaterialReceipt) => intake.post<Material>('/v1/materials', b),
    /**
     * The caller's materials (those they hold, received or are named for; court-wide for whoever
     * views all), or with `waitingFor: 'me'` only those whose current stage waits for them.
     */
    list: (q: { waitingFor?: 'me'; limit?: number } = {}) =>
      intake.get<Page<MaterialListItem>>('/v1/materials', { limit: 200, ...q }),
    get: (id: string) => intake.get<Material>(`/v1/materials/${id}`),
    file: (id: string, b: Filing) => intake.post<Material>(`/v1/materials/${id}/filing`, b),
    transfer: (id: string, b: Transfer) => intake.post<Material>(`/v1/materials/${id}/transfers`, b),
    refusedAttempts: () => intake.get<RefusedAttempt[]>('/v1/refused-attempts'),
  };
}
