import { z } from 'zod';

/**
 * A compliance answer (R-RP-5): of `court`'s `quarter` as it stood at `asOf`, one `row` per court
 * the caller may see, named `id` in the OpenAPI document. The deadline monitor and reporting count
 * different things in a row; the frame around the rows is the same.
 */
export const courtsComplianceSchema = <T extends z.ZodType>(row: T, id: string) =>
  z.object({ court: z.string(), quarter: z.string(), asOf: z.string(), courts: z.array(row) }).meta({ id });
