import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { can, type Actor, type CourtHierarchy, type Operation, type Resource } from '@jir/rules';
import { problem } from '../problem.js';
import { ctx } from '../http/request-context.js';
import { TokenError, type TokenVerifier } from './tokens.js';
import { authorize } from './authorize.js';

/**
 * Requires a valid bearer token and puts its actor on the request; 401
 * otherwise, or 403 when the token names a court this deployment does not know.
 */
export function authenticate(verifier: TokenVerifier): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const h = req.headers.authorization;
    const m = typeof h === 'string' ? /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(h) : null;
    if (!m) return next(problem('unauthenticated'));
    try {
      ctx(res).actor = await verifier.verify(m[1]!);
      next();
    } catch (e) {
      if (e instanceof TokenError && e.reason === 'unknown-court')
        return next(
          problem('forbidden', {
            message: {
              zh: '令牌中的法院不在本系统的法院配置中',
              en: "the token's court is not in this system's court configuration",
            },
          }),
        );
      next(problem('unauthenticated'));
    }
  };
}

/**
 * Refuses with 403 unless the actor has the right (R-AC-1). For reads of a
 * single resource, pass `hideAs404` so that a refusal does not reveal that the
 * resource exists.
 */
export function assertCan(
  actor: Actor,
  operation: Operation,
  resource: Resource,
  opts: { hideAs404?: boolean; courts?: CourtHierarchy } = {},
): void {
  if (can(actor, operation, resource, opts.courts)) return;
  throw problem(opts.hideAs404 ? 'not-found' : 'forbidden');
}

/**
 * Route guard for rights that do not depend on a stored row: the resource is
 * derived from the request (e.g. "a record of my own, in my court").
 * Kept for existing callers; `authorize` is the same guard.
 */
export function requireRight(
  operation: Operation,
  resource: (actor: Actor, req: Request) => Resource,
  courts?: CourtHierarchy,
): RequestHandler {
  return authorize(operation, resource, courts ? { courts } : {});
}
