import type { RequestHandler } from 'express';
import type { z } from 'zod';
import type { RouteSpec } from '@jir/contracts';
import { actorOf, clientAddress } from './request-context.js';
import type { Route } from './routes.js';
import { parseBody, parseParams, parseQuery } from './validate.js';

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What a JSON route's answer is computed from: the caller and the inputs its contract declares. */
export interface JsonCall<P, Q, B> {
  actor: ReturnType<typeof actorOf>;
  params: Parsed<P>;
  query: Parsed<Q>;
  body: Parsed<B>;
  /** Where the request came from, for the reads and refusals that must log it (R-AC-3). */
  address: string;
}

/** A route answering JSON, declared by its contract and what computes its answer. */
export interface JsonRoute<
  P extends z.ZodObject | undefined,
  Q extends z.ZodObject | undefined,
  B extends z.ZodType | undefined,
> {
  spec: Omit<RouteSpec, 'params' | 'query' | 'body'> & { params?: P; query?: Q; body?: B };
  authorize?: RequestHandler;
  use?: RequestHandler[];
  answer: (call: JsonCall<P, Q, B>) => Promise<unknown>;
}

/**
 * Declares a route whose handler only reads the inputs its contract names and
 * answers with one JSON body. The inputs are read from the same schemas the
 * OpenAPI document shows, in a fixed order (params, query, body), so the first
 * 422 a client sees does not depend on how a handler happened to be written;
 * the status is the contract's success status, so the two cannot disagree.
 */
export function jsonRoute<
  P extends z.ZodObject | undefined = undefined,
  Q extends z.ZodObject | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(route: JsonRoute<P, Q, B>): Route {
  const { spec, answer } = route;
  // Its answer is computed for a caller: a public route reaching it would fail every request
  // with a 500, so the mistake is refused where it is made, when the routes are declared.
  if (spec.auth === false)
    throw new Error(
      `jsonRoute ${spec.method.toUpperCase()} ${spec.path}: a public route (auth: false) has no caller; use defineRoute`,
    );
  const status = Math.min(...Object.keys(spec.responses).map(Number));
  return {
    spec,
    ...(route.authorize ? { authorize: route.authorize } : {}),
    ...(route.use ? { use: route.use } : {}),
    handler: async (req, res) => {
      const call = {
        actor: actorOf(res),
        params: spec.params ? parseParams(req, spec.params) : undefined,
        query: spec.query ? parseQuery(req, spec.query) : undefined,
        body: spec.body ? parseBody(req, spec.body) : undefined,
        address: clientAddress(req),
      } as JsonCall<P, Q, B>;
      res.status(status).json(await answer(call));
    },
  };
}
