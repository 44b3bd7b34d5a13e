import type { Kysely } from 'kysely';
import { recordsAwaitingConfirmationSchema } from '@jir/contracts';
import type { Clock, Route } from '@jir/service-kit';
import type { IntakeDB } from '../db/schema.js';
import { recordsAwaitingConfirmation } from './awaiting-confirmation.js';
import { recordsRoute } from './records-route.js';

/**
 * GET /v1/records/awaiting-my-confirmation: the 待办 of a colleague who was present. Mounted
 * before /v1/records/:id, which would otherwise take the last segment for an id.
 */
export function awaitingConfirmationRoutes(deps: { db: Kysely<IntakeDB>; clock: Clock }): Route[] {
  return [
    recordsRoute({
      spec: {
        method: 'get',
        path: '/v1/records/awaiting-my-confirmation',
        operationId: 'listRecordsAwaitingMyConfirmation',
        summary: '等待我确认的记录 / records I was present at and have not yet confirmed (R-RC-3)',
        responses: {
          200: { description: 'oldest receipt first', schema: recordsAwaitingConfirmationSchema },
        },
      },
      answer: (c) => recordsAwaitingConfirmation(deps, c.actor, c.address),
    }),
  ];
}
