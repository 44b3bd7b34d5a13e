import type { z } from 'zod';
import type { Route } from '@jir/service-kit';
import { jsonRoute, type JsonRoute } from './json-route.js';

/** A JSON route without the part of its contract it shares with the others of its resource. */
type OwnPart<
  P extends z.ZodObject | undefined,
  Q extends z.ZodObject | undefined,
  B extends z.ZodType | undefined,
> = Omit<JsonRoute<P, Q, B>, 'spec'> & { spec: Omit<JsonRoute<P, Q, B>['spec'], 'tags' | 'params'> };

/**
 * Declares the JSON routes of one resource: they share the tag that groups them in the
 * OpenAPI document and, for the routes on one item (`…/:id…`), the schema of the path's
 * params. Each route then states only what is its own, and none can drift to another
 * tag or read its id with another schema.
 */
export function jsonRoutesSharing<P extends z.ZodObject | undefined = undefined>(shared: {
  tags: string[];
  params?: P;
}) {
  return <Q extends z.ZodObject | undefined = undefined, B extends z.ZodType | undefined = undefined>(
    route: OwnPart<P, Q, B>,
  ): Route => jsonRoute<P, Q, B>({ ...route, spec: { ...route.spec, ...shared } });
}
