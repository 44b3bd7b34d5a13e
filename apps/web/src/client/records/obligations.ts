import { deadlinesApi } from '../deadlines/deadlines-api.js';
import type { Obligation, ObligationQuery } from '../api/types.js';

/** The first page (200) of a record's duties, or of a handler's in one state, from the deadline monitor. */
export function listObligations(token: string, q: ObligationQuery): Promise<Obligation[]> {
  return deadlinesApi(token)
    .list({ limit: 200, ...q })
    .then((p) => p.items);
}
