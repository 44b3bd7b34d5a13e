import type { z } from 'zod';
import type {
  drawBodySchema,
  drawListQuerySchema,
  sampleDrawPageSchema,
  sampleVerificationSchema,
  samplesAwaitingVerificationSchema,
} from '@jir/contracts';
import { serviceClient } from '../api/client.js';
import type { SampleDraw, Verification } from '../api/types.js';

/** Intake's sample verification for the signed-in user's token. */
export function samplingApi(token: string) {
  const intake = serviceClient(token, 'intake');
  return {
    draw: (b: z.input<typeof drawBodySchema>) => intake.post<SampleDraw>('/v1/sample-draws', b),
    list: (q: Omit<z.input<typeof drawListQuerySchema>, 'limit'> & { limit?: number } = {}) =>
      intake.get<z.output<typeof sampleDrawPageSchema>>('/v1/sample-draws', q),
    /** What waits for the caller: a division head or a second person present may not read the draw. */
    awaitingMine: () =>
      intake
        .get<z.output<typeof samplesAwaitingVerificationSchema>>('/v1/sample-draws/awaiting-my-verification')
        .then((p) => p.items),
    get: (id: string) => intake.get<SampleDraw>(`/v1/sample-draws/${id}`),
    verify: (id: string, recordId: string, b: Verification) =>
      intake.post<z.output<typeof sampleVerificationSchema>>(
        `/v1/sample-draws/${id}/items/${recordId}/verification`,
        b,
      ),
  };
}
