import type { Express, RequestHandler } from 'express';
import type { Kysely } from 'kysely';
import { buildOpenApiDocument, type OpenApiInfo } from '@jir/contracts';
import { authenticate } from '../auth/middleware.js';
import type { TokenVerifier } from '../auth/tokens.js';
import { pingBus, type Bus } from '../bus/connection.js';
import { pingDatabase } from '../db/database.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { createHttpApp, type HttpAppOptions, type ReadinessCheck } from './create-http-app.js';
import type { ServiceMetrics } from './metrics.js';
import { mountRoutes, routeSpecs, type Route } from './routes.js';

/** What every service's `createApp(deps)` is built from; each service's deps extend it. */
export interface ServiceAppDeps<DB> {
  /** The service role's connection; also answers /readyz's `database` check. */
  db: Kysely<DB>;
  logger: Logger;
  metrics: ServiceMetrics;
  verifier: TokenVerifier;
  clock: Clock;
  /** Answers /readyz's `bus` check when given (tests often run without one). */
  bus?: Bus | undefined;
}

/** What a service's `createApp` hands over: its routes, what it runs on, and what is its own. */
export interface ServiceHttpAppOptions<DB>
  extends
    Omit<ServiceAppDeps<DB>, 'clock'>,
    Pick<HttpAppOptions, 'bodyLimit' | 'rawBodyPaths' | 'readinessNotes'> {
  /** The OpenAPI document's title and version. */
  info: OpenApiInfo;
  routes: readonly Route[];
  /** Readiness checks besides the database and the bus, e.g. the object store. */
  readiness?: Record<string, ReadinessCheck>;
  /** Wraps the token check, e.g. to note every caller; the plain `authenticate(verifier)` otherwise. */
  authenticate?: (plain: RequestHandler) => RequestHandler;
}

/**
 * A service's HTTP app from its list of routes: the one list is both mounted
 * and documented, so neither can miss a route; /readyz checks the database,
 * the bus when there is one, and whatever else the service names.
 */
export function serviceHttpApp<DB>(opts: ServiceHttpAppOptions<DB>): Express {
  const { bus, db, routes } = opts;
  const plain = authenticate(opts.verifier);
  return createHttpApp({
    logger: opts.logger,
    metrics: opts.metrics,
    ...(opts.bodyLimit !== undefined ? { bodyLimit: opts.bodyLimit } : {}),
    ...(opts.rawBodyPaths ? { rawBodyPaths: opts.rawBodyPaths } : {}),
    ...(opts.readinessNotes ? { readinessNotes: opts.readinessNotes } : {}),
    readiness: {
      database: () => pingDatabase(db),
      ...opts.readiness,
      ...(bus ? { bus: () => pingBus(bus) } : {}),
    },
    openapi: () => buildOpenApiDocument(opts.info, routeSpecs(routes)),
    routes(app) {
      mountRoutes(app, routes, { authenticate: opts.authenticate ? opts.authenticate(plain) : plain });
    },
  });
}
