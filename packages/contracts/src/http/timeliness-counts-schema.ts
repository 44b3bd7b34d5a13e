import { z } from 'zod';

/**
 * On time, late, missing (breached, unmet), pending: how a set of duties with legal deadlines
 * stands, as the deadline monitor counts them and reports and compliance show them (R-RP-5).
 */
export const timelinessCountsSchema = z.object({
  onTime: z.number().int(),
  late: z.number().int(),
  missing: z.number().int(),
  pending: z.number().int(),
});
