import type { z } from 'zod';
import type {
  drawBodySchema,
  drawListQuerySchema,
  sampleDrawPageSchema,
  sampleDrawSchema,
  sampleVerificationSchema,
  verificationBodySchema,
} from '@jir/contracts';
import { call } from '../api/client.js';

/** A draw with its seed and each item's verification (R-BX-3). */
export type SampleDraw = z.output<typeof sampleDrawSchema>;
/** A draw in the list: its seed and how far verification has got. */
export type SampleDrawSummary = z.output<typeof sampleDrawPageSchema>['items'][number];
/** A drawn record confirmed or disputed. */
export type Verification = z.input<typeof verificationBodySchema>;

/** Intake's sample verification for the signed-in user's token. */
export function samplingApi(token: string) {
  return {
    draw: (b: z.input<typeof drawBodySchema>) =>
      call<SampleDraw>(token, 'intake', '/v1/sample-draws', { method: 'POST', body: b }),
    list: (q: Omit<z.input<typeof drawListQuerySchema>, 'limit'> & { limit?: number } = {}) =>
      call<z.output<typeof sampleDrawPageSchema>>(token, 'intake', '/v1/sample-draws', { query: q }),
    get: (id: string) => call<SampleDraw>(token, 'intake', `/v1/sample-draws/${id}`),
    verify: (id: string, recordId: string, b: Verification) =>
      call<z.output<typeof sampleVerificationSchema>>(
        token,
        'intake',
        `/v1/sample-draws/${id}/items/${recordId}/verification`,
        { method: 'POST', body: b },
      ),
  };
}
