import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import { problem } from '../problem.js';

/**
 * How an app reads a request body, kept per app, and the authenticator its
 * routes were mounted with (N4 of the second security probe): a request that
 * carries a body is authenticated before the body is read, so an anonymous
 * caller never gets a body of up to the limit read and parsed. A request
 * whose token fails is not refused here (a public route may take it): its
 * body is left unread, and read only if a route with no authentication
 * reaches `readDeferredBody`; an authenticated route refuses it with 401.
 */
const readers = new WeakMap<Express, RequestHandler>();
const authenticators = new WeakMap<Express, RequestHandler>();
const deferred = new WeakSet<Request>();

/** Records the body reader `createHttpApp` built for `app`. */
export function setBodyReader(app: Express, reader: RequestHandler): void {
  readers.set(app, reader);
}

/** Records the authenticator `mountRoutes` mounted `app`'s routes with. */
export function setAuthenticator(app: Express, authenticate: RequestHandler): void {
  authenticators.set(app, authenticate);
}

/**
 * The app-wide step before any route: reads the body once the caller is
 * authenticated (or at once in an app whose routes were mounted by hand,
 * with no authenticator known).
 */
export function authenticatedBody(app: Express): RequestHandler {
  return (req, res, next) => {
    const read = readers.get(app);
    if (!read) return next();
    const authenticate = authenticators.get(app);
    if (!authenticate) return read(req, res, next);
    void authenticate(req, res, (err?: unknown) => {
      if (!err) return read(req, res, next);
      deferred.add(req);
      next();
    });
  };
}

/** In a route's chain: reads a body left unread for want of a valid token (public routes only reach it so). */
export function readDeferredBody(app: Express): RequestHandler {
  return (req, res, next) => {
    const read = readers.get(app);
    if (!read || !deferred.has(req)) return next();
    deferred.delete(req);
    read(req, res, next);
  };
}

const deadlines = new WeakMap<Express, number>();

/** Sets how long a JSON body may take to arrive (HTTP_BODY_TIMEOUT_SECONDS), whatever the app's factory passed. */
export function setBodyTimeout(app: Express, ms: number): void {
  deadlines.set(app, ms);
}

/**
 * Runs `parse` under a deadline: a body that has not fully arrived in time is
 * answered 408 and its connection closed, so a client trickling a body cannot
 * hold a connection (and the bytes read so far) for the server's five minutes.
 */
export function withBodyDeadline(app: Express, parse: RequestHandler, defaultMs: number): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    let settled = false;
    const timer = setTimeout(
      () => {
        if (settled) return;
        settled = true;
        res.setHeader('Connection', 'close');
        next(
          problem({
            status: 408,
            code: 'request-timeout',
            message: { zh: '请求体未在规定时间内送达', en: 'the request body did not arrive in time' },
          }),
        );
      },
      deadlines.get(app) ?? defaultMs,
    );
    timer.unref();
    parse(req, res, (err?: unknown) => {
      clearTimeout(timer);
      if (settled) return;
      settled = true;
      next(err);
    });
  };
}
