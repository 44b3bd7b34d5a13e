import { z } from 'zod';

/** One page of a list answer, named `id` in the OpenAPI document; `nextCursor` is null on the last page. */
export const pageSchema = <T extends z.ZodType>(item: T, id: string) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() }).meta({ id });
