import { serviceClient } from '../api/client.js';
import type * as types from '../api/types.js';

/** Intake's sample verification for the signed-in user's token. */
export function samplingApi(token: string) {
  const intake = serviceClient(token, 'intake');
  return {
    draw: (b: types.DrawInput) => intake.post<types.SampleDraw>('/v1/sample-draws', b),
    list: (q: Omit<types.DrawListQuery, 'limit'> & { limit?: number } = {}) =>
      intake.get<types.SampleDrawPage>('/v1/sample-draws', q),
    /** What waits for the caller: a division head or a second person present may not read the draw. */
    awaitingMine: () =>
      intake
        .get<types.SamplesAwaitingVerification>('/v1/sample-draws/awaiting-my-verification')
        .then((p) => p.items),
    get: (id: string) => intake.get<types.SampleDraw>(`/v1/sample-draws/${id}`),
    verify: (id: string, recordId: string, b: types.Verification) =>
      intake.post<types.SampleVerification>(`/v1/sample-draws/${id}/items/${recordId}/verification`, b),
  };
}
