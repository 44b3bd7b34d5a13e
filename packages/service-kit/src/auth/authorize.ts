import type { Request, RequestHandler } from 'express';
import {
  can,
  type Actor,
  type CourtHierarchy,
  type Operation,
  type Resource,
  type ResourceKind,
} from '@jir/rules';
import { problem } from '../problem.js';
import { ctx } from '../http/request-context.js';

/** What a route acts on: a kind in the actor's own court, or a resource derived from the request. */
export type ResourceOf = ResourceKind | ((actor: Actor, req: Request) => Resource);

/** Options of `authorize`. */
export interface AuthorizeOptions {
  /** Answer 404 rather than 403, so that a refusal does not reveal that something exists. */
  hideAs404?: boolean;
  courts?: CourtHierarchy;
}

/**
 * Route guard backed by `can()` (R-AC-1): the one place a route asks for a
 * right that does not depend on a stored row. A kind alone means "of that kind,
 * in the actor's own court"; rights over a row are asked of `can()` once the
 * row is read (`assertCan`), and listings narrowed by `listingScope`.
 */
export function authorize(
  operation: Operation,
  resource: ResourceOf,
  opts: AuthorizeOptions = {},
): RequestHandler {
  return (req, res, next) => {
    const actor = ctx(res).actor;
    if (!actor) return next(problem('unauthenticated'));
    const target =
      typeof resource === 'string' ? { kind: resource, court: actor.court } : resource(actor, req);
    if (can(actor, operation, target, opts.courts)) return next();
    next(problem(opts.hideAs404 ? 'not-found' : 'forbidden'));
  };
}
