import type { z } from 'zod';
import type { recordsAwaitingConfirmationSchema } from '@jir/contracts';
import { serviceClient } from '../api/client.js';

/**
 * The records the signed-in user was present at and has not yet confirmed (R-RC-3), with their
 * content: a colleague may not otherwise read them, yet must see what they confirm.
 */
export function recordsAwaitingMyConfirmation(token: string) {
  return serviceClient(token, 'intake')
    .get<z.output<typeof recordsAwaitingConfirmationSchema>>('/v1/records/awaiting-my-confirmation')
    .then((p) => p.items);
}
