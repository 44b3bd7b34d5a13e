import type { Request, Response } from 'express';
import type { Actor } from '@jir/rules';
import type { Logger } from '../logger.js';

/** What the kit attaches to each request. */
export interface RequestContext {
  requestId: string;
  log: Logger;
  actor?: Actor & { name?: string };
}

/** The request's context; set by the app factory before any route runs. */
export function ctx(res: Response): RequestContext {
  return res.locals as RequestContext;
}

/** The authenticated actor; throws if a route forgot the auth middleware (a programming error). */
export function actorOf(res: Response): NonNullable<RequestContext['actor']> {
  const a = ctx(res).actor;
  if (!a) throw new Error('route reached without authentication');
  return a;
}

/** Where a request came from, for access logs that must say so (R-AC-3). */
export function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
