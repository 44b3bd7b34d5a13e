import type { Express, Request, RequestHandler, Response } from 'express';
import type { RouteSpec } from '@jir/contracts';
import { readDeferredBody, setAuthenticator } from './body-reading.js';

/**
 * One route: its contract (the schemas in `@jir/contracts`, which the OpenAPI
 * document is built from) and what answers it, declared together so that a
 * route cannot be served without being documented, nor documented without
 * being served.
 */
export interface Route {
  spec: RouteSpec;
  /** The right the route requires before anything else runs (see `authorize`). */
  authorize?: RequestHandler;
  /** Middleware after the right is checked, in order (idempotency, upload slots). */
  use?: RequestHandler[];
  /** Answers the request; a rejected promise becomes a problem+json answer. */
  handler: (req: Request, res: Response) => Promise<void> | void;
}

/** Declares a route; the identity function, there to type the declaration. */
export function defineRoute(route: Route): Route {
  return route;
}

/** The contracts of the routes, for `buildOpenApiDocument`. */
export function routeSpecs(routes: readonly Route[]): RouteSpec[] {
  return routes.map((r) => r.spec);
}

/**
 * Mounts each route as `authenticate → authorize → use… → handler` (public
 * routes, `auth: false`, skip the first two). The app reads a JSON body only
 * once this authenticator accepted the caller, so an anonymous request to an
 * authenticated route never costs a parsed body (see body-reading.ts). A path
 * and method declared twice is refused at start rather than silently shadowed.
 */
export function mountRoutes(
  app: Express,
  routes: readonly Route[],
  deps: { authenticate: RequestHandler },
): void {
  setAuthenticator(app, deps.authenticate);
  const seen = new Set<string>();
  for (const r of routes) {
    const key = `${r.spec.method.toUpperCase()} ${r.spec.path}`;
    if (seen.has(key)) throw new Error(`route declared twice: ${key}`);
    seen.add(key);
    const guards =
      r.spec.auth === false
        ? [readDeferredBody(app)]
        : [deps.authenticate, ...(r.authorize ? [r.authorize] : [])];
    app[r.spec.method](r.spec.path, ...guards, ...(r.use ?? []), r.handler);
  }
}
