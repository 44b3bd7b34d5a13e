import type { z } from 'zod';
import type {
  drawBodySchema,
  drawListQuerySchema,
  sampleDrawPageSchema,
  sampleDrawSchema,
  sampleVerificationSchema,
  samplesAwaitingVerificationSchema,
  verificationBodySchema,
} from '@jir/contracts';
import { serviceClient } from '../api/client.js';

/** A draw with its seed and each item's verification (R-BX-3). */
export type SampleDraw = z.output<typeof sampleDrawSchema>;
/** A draw in the list: its seed and how far verification has got. */
export type SampleDrawSummary = z.output<typeof sampleDrawPageSchema>['items'][number];
/** A drawn record confirmed or disputed. */
export type Verification = z.input<typeof verificationBodySchema>;

/** A drawn record waiting for the signed-in user's verification, and why they are asked. */
export type AwaitingVerification = z.output<typeof samplesAwaitingVerificationSchema>['items'][number];

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
