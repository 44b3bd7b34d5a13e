import { randomUUID } from 'node:crypto';
import express, {
  type Express,
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import { pinoHttp } from 'pino-http';
import { isDatabaseUnavailable } from '../db/database-unavailable.js';
import { ZodError } from 'zod';
import { fieldErrors, type OpenApiDocument } from '@jir/contracts';
import type { Logger } from '../logger.js';
import { ProblemError, problem } from '../problem.js';
import {
  MAX_JSON_DEPTH,
  refuseBadQuery,
  refuseMalformedPath,
  refuseUnstorableBody,
  verifyJsonBody,
} from './input-guards.js';
import { authenticatedBody, setBodyReader, withBodyDeadline } from './body-reading.js';
import type { ServiceMetrics } from './metrics.js';
import { ctx } from './request-context.js';
import { trustProxies } from './trusted-proxies.js';

export type ReadinessCheck = () => Promise<unknown>;

export interface HttpAppOptions {
  logger: Logger;
  metrics: ServiceMetrics;
  /** Named checks for /readyz: database, bus, store. Each must settle within `readinessTimeoutMs`. */
  readiness?: Record<string, ReadinessCheck>;
  readinessTimeoutMs?: number;
  /** Notes /readyz always shows, e.g. that a development store is not write-once. */
  readinessNotes?: () => Record<string, string>;
  bodyLimit?: string;
  /** Milliseconds a JSON body may take to arrive before a 408 (default 30 s; HTTP_BODY_TIMEOUT_SECONDS overrides). */
  bodyTimeoutMs?: number;
  /** Deepest nesting a JSON body may have; deeper is a 400 before parsing (default 64). */
  maxJsonDepth?: number;
  openapi?: () => OpenApiDocument;
  /** Paths whose body is not JSON (raw uploads): the JSON parser and content-type check leave them alone. */
  rawBodyPaths?: RegExp[];
  /** Proxies whose X-Forwarded-For is believed (TRUSTED_PROXIES); none by default. runService applies the config's. */
  trustedProxies?: readonly string[];
  /** Mounts the service's routes. */
  routes: (app: Express) => void;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;
const JSON_TYPES = ['application/json', 'application/*+json'];

function hasBody(req: Request): boolean {
  const len = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (len !== undefined && len !== '0');
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e) => (clearTimeout(t), reject(e)),
    );
  });
}

/** Maps what body-parser and others throw for bad input to a 4xx problem; anything else is a 500. */
/** The code and message of an error mapped to a refusal (never its data: these are the database's or the socket's). */
function causeOf(err: unknown): { code?: unknown; message?: unknown } {
  const e = err as { code?: unknown; message?: unknown } | null;
  return { code: e?.code, message: e?.message };
}

function toProblem(err: unknown): ProblemError {
  if (err instanceof ProblemError) return err;
  if (err instanceof ZodError) return problem('validation-failed', { errors: fieldErrors(err) });
  // The router's parameter decoding throws a URIError (status 400) for bad percent-encoding.
  if (err instanceof URIError) return problem('bad-request');
  const e = err as { type?: string; status?: number; expose?: boolean };
  switch (e?.type) {
    case 'entity.parse.failed':
      return problem('malformed-json');
    case 'entity.too.large':
      return problem('payload-too-large');
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return problem('unsupported-media-type');
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return problem('bad-request');
  }
  if (e?.expose && typeof e.status === 'number' && e.status >= 400 && e.status < 500)
    return problem('bad-request');
  // The database is busy, going away or out of reach: not the request wrong, and a retry may succeed.
  if (isDatabaseUnavailable(err)) return problem('service-unavailable');
  return problem('internal-error');
}

/**
 * The HTTP skeleton every service shares: request ids, request logs, metrics,
 * JSON bodies with a limit, problem+json for every failure (never a stack
 * trace), health, readiness, metrics and the OpenAPI document.
 */
export function createHttpApp(opts: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  trustProxies(app, opts.trustedProxies ?? []);
  app.set('query parser', 'simple');
  const { metrics } = opts;

  app.use((req, res, next) => {
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', requestId);
    ctx(res).requestId = requestId;
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
      metrics.httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
      metrics.httpDuration.observe(
        { method: req.method, route },
        Number(process.hrtime.bigint() - started) / 1e9,
      );
    });
    next();
  });

  app.use(
    pinoHttp({
      logger: opts.logger.child({ module: 'http' }),
      genReqId: (_req, res) => ctx(res as Response).requestId,
      // The id is bound once, under our field name, instead of through `customProps`, which
      // pino-http calls and stringifies again when the answer is logged (#14).
      quietReqLogger: true,
      customAttributeKeys: { reqId: 'requestId' },
      // Our serializers read three fields of the raw objects: the wrapped ones first copied every
      // header of the request and of the answer, on every request (#14).
      wrapSerializers: false,
      // Request bodies are never logged: they hold record content (DESIGN.md, Logs).
      serializers: {
        req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
        // A status set but never sent (the client left first) is not logged as if answered.
        res: (res: { statusCode: number; headersSent: boolean }) => ({
          statusCode: res.headersSent ? res.statusCode : null,
        }),
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/metrics' },
    }),
  );
  // Before any route: a path or query that cannot be decoded or stored is a 400 (R-NF-7).
  app.use(refuseMalformedPath, refuseBadQuery);
  app.use((_req, res, next) => {
    ctx(res).log = (res as unknown as { log: Logger }).log ?? opts.logger;
    next();
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const checks: Record<string, string> = {};
    let ready = true;
    await Promise.all(
      Object.entries(opts.readiness ?? {}).map(async ([name, check]) => {
        try {
          await withTimeout(check(), opts.readinessTimeoutMs ?? 2000);
          checks[name] = 'ok';
        } catch (e) {
          ready = false;
          checks[name] = `failed: ${(e as Error).message}`;
        }
      }),
    );
    res
      .status(ready ? 200 : 503)
      .json({ status: ready ? 'ready' : 'not-ready', checks, notes: opts.readinessNotes?.() ?? {} });
  });
  app.get('/metrics', async (_req, res) => {
    // A gauge that cannot be read now keeps its last value; the scrape itself never fails.
    await Promise.all(metrics.refreshers.map((r) => r().catch(() => undefined)));
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  if (opts.openapi) {
    const build = opts.openapi;
    let doc: OpenApiDocument | undefined;
    app.get('/v1/openapi.json', (_req, res) => {
      res.json((doc ??= build()));
    });
  }

  const raw = opts.rawBodyPaths ?? [];
  const isRaw = (req: Request) => raw.some((r) => r.test(req.path));
  const json = express.json({
    limit: opts.bodyLimit ?? '1mb',
    type: JSON_TYPES,
    strict: true,
    verify: verifyJsonBody(opts.maxJsonDepth ?? MAX_JSON_DEPTH),
  });
  const checkType: RequestHandler = (req, _res, next) => {
    if (!req.is(JSON_TYPES)) return next(problem('unsupported-media-type'));
    next();
  };
  const parse = withBodyDeadline(app, json, opts.bodyTimeoutMs ?? 30_000);
  setBodyReader(app, (req, res, next) =>
    checkType(req, res, (e?: unknown) =>
      e ? next(e) : parse(req, res, (e2?: unknown) => (e2 ? next(e2) : refuseUnstorableBody(req, res, next))),
    ),
  );
  // Only bodies are read here, and only after authentication when the routes were mounted with one.
  const bodies = authenticatedBody(app);
  app.use((req, res, next) => {
    if (isRaw(req) || !hasBody(req) || req.method === 'GET' || req.method === 'HEAD') return next();
    bodies(req, res, next);
  });

  opts.routes(app);

  app.use((req, _res, next) => {
    next(problem('route-not-found', { extra: { path: req.path, method: req.method } }));
  });
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const p = toProblem(err);
    const log = ctx(res).log ?? opts.logger;
    // A refusal a service chose (503 too-many-uploads, store-unavailable) is one line at warn;
    // only what nobody chose (internal-error) is an error with its stack.
    if (p.code === 'internal-error') log.error({ err }, 'request failed');
    else if (p.status >= 500)
      log.warn(
        // What was mapped to the refusal (a cancelled statement, a lost connection) says why.
        { code: p.code, status: p.status, ...(p !== err ? { cause: causeOf(err) } : {}) },
        `request refused: ${p.bilingual.en}`,
      );
    else log.debug({ code: p.code }, 'request refused');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (p.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
    // Only where waiting helps; a 503 that asks for IT (retention-not-applied) sets none.
    if (p.code === 'service-unavailable' && !res.hasHeader('Retry-After')) res.setHeader('Retry-After', '5');
    // A refusal before the body was read (401, 408, 503): close rather than wait to drain it.
    if (!req.complete && hasBody(req)) res.setHeader('Connection', 'close');
    res
      .status(p.status)
      .type('application/problem+json')
      .send(JSON.stringify(p.toProblem(req.originalUrl, ctx(res).requestId)));
  });
  return app;
}
