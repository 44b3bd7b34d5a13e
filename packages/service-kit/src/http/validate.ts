import type { Request } from 'express';
import type { z } from 'zod';
import { safeParseReporting } from '@jir/contracts';
import { problem } from '../problem.js';

function parseOr422<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const r = safeParseReporting(schema, value);
  if (r.success) return r.data;
  throw problem('validation-failed', {
    errors: r.fieldErrors.map((e) => (where === 'body' ? e : { ...e, path: `${where}.${e.path}` })),
  });
}

/** The request body parsed by the schema, or a 422 naming each bad field (R-RC-6). */
export function parseBody<S extends z.ZodType>(req: Request, schema: S): z.output<S> {
  return parseOr422(schema, req.body ?? {}, 'body');
}

/** The query string parsed by the schema, or a 422 whose paths start with `query.`. */
export function parseQuery<S extends z.ZodType>(req: Request, schema: S): z.output<S> {
  return parseOr422(schema, req.query, 'query');
}

/** The path parameters parsed by the schema, or a 422 whose paths start with `params.`. */
export function parseParams<S extends z.ZodType>(req: Request, schema: S): z.output<S> {
  return parseOr422(schema, req.params, 'params');
}
