// The HTTP skeleton every service shares (createHttpApp, startHttpServer, the request context),
// tested in-process with no database: request ids, request logs and their levels, readiness,
// metrics, the OpenAPI document, which bodies are read and how, the mapping of every failure to
// a problem (R-NF-7), and a server that closes without cutting answers short.
import { once } from 'node:events';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import express, { type Express, type Request } from 'express';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  actorOf,
  clientAddress,
  createHttpApp,
  createMetrics,
  ctx,
  problem,
  startHttpServer,
  type HttpAppOptions,
} from '../src/index.js';
import { capturingLogger } from './harness.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What a route throws, by name: each of the shapes body-parser, the router and the kit raise. */
function thrown(kind: string): unknown {
  const typed = (type: string) => Object.assign(new Error(`${type} happened`), { type });
  switch (kind) {
    case 'zod':
      return z.object({ caseNumber: z.string() }).safeParse({}).error;
    case 'uri':
      return new URIError('URI malformed');
    case 'exposed-418':
      return Object.assign(new Error('teapot'), { expose: true, status: 418 });
    case 'exposed-400':
      return Object.assign(new Error('bad'), { expose: true, status: 400 });
    case 'exposed-499':
      return Object.assign(new Error('bad'), { expose: true, status: 499 });
    case 'exposed-500':
      return Object.assign(new Error('boom'), { expose: true, status: 500 });
    case 'exposed-399':
      return Object.assign(new Error('odd'), { expose: true, status: 399 });
    case 'exposed-string-status':
      return Object.assign(new Error('odd'), { expose: true, status: '400' });
    case 'hidden-400':
      return Object.assign(new Error('hidden'), { expose: false, status: 400 });
    case 'unauthenticated':
      return problem('unauthenticated');
    case 'forbidden':
      return problem('forbidden');
    case 'unavailable':
      return problem('service-unavailable');
    case 'chosen-500':
      return problem({
        status: 500,
        code: 'store-misconfigured',
        message: { zh: '存储配置有误', en: 'the store is misconfigured' },
      });
    case 'string':
      return 'a thrown string';
    case 'plain':
      return new Error('secret internals: password=hunter2');
    case 'statement-cancelled':
      return Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' });
    case 'server-shutdown':
      return Object.assign(new Error('terminating connection due to administrator command'), {
        code: '57P01',
      });
    case 'lost-connection':
      return new Error('Connection terminated unexpectedly');
    case 'chosen-503':
      return problem({
        status: 503,
        code: 'retention-not-applied',
        message: {
          zh: '存储未锁定该文件，请联系技术部门',
          en: 'the store did not lock this file; contact IT',
        },
      });
    case 'other-sqlstate':
      return Object.assign(new Error('secret internals: duplicate key'), { code: '23505' });
    default:
      return typed(kind);
  }
}

function buildApp(extra: Partial<HttpAppOptions> = {}) {
  const captured = capturingLogger('http-app-test', 'debug');
  const metrics = createMetrics('http-app-test', { defaultMetrics: false });
  let builds = 0;
  const app = createHttpApp({
    logger: captured.logger,
    metrics,
    rawBodyPaths: [/^\/raw\//],
    openapi: () => {
      builds += 1;
      return { openapi: '3.1.0', info: { title: 'test', version: String(builds) }, paths: {} };
    },
    routes: (a: Express) => {
      a.get('/throw/:kind', (req) => {
        throw thrown(String(req.params['kind']));
      });
      a.get('/after-headers', (_req, res, next) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('partial answer');
        setTimeout(() => next(new Error('failed after the headers')), 20);
      });
      a.post('/echo', (req, res) => {
        res.json({ body: req.body ?? null });
      });
      a.get('/echo', (req, res) => {
        res.json({ body: req.body ?? null });
      });
      a.delete('/echo', (req, res) => {
        res.json({ body: req.body ?? null });
      });
      a.post('/refuse-after-body', () => {
        throw problem('forbidden');
      });
      a.post('/raw/upload', (req, res) => {
        let bytes = 0;
        req.on('data', (c: Buffer) => (bytes += c.length));
        req.on('end', () => res.json({ bytes, body: req.body ?? null }));
      });
      a.post('/raw/refuse', () => {
        throw problem('unauthenticated');
      });
      a.get('/log', (_req, res) => {
        ctx(res).log.info('said by the route');
        res.json({ requestId: ctx(res).requestId });
      });
      a.get('/actor', (_req, res) => {
        res.json(actorOf(res));
      });
      a.get('/actor-set', (_req, res) => {
        ctx(res).actor = { userId: 'judge-a', courtId: 'JL-CC-NG', roles: ['case-handler'] } as never;
        res.json(actorOf(res));
      });
      a.get('/ip', (req, res) => {
        res.json({ ip: clientAddress(req) });
      });
      a.get('/query', (req, res) => {
        res.json(req.query);
      });
      a.get('/slow', (_req, res) => {
        setTimeout(() => res.json({ slow: true }), 300);
      });
      a.get('/hang', () => undefined);
      a.get('/created-then-hang', (_req, res) => {
        res.status(201);
      });
      const sub = express.Router();
      sub.get('/item/:id', (req, res) => {
        res.json({ id: req.params['id'] });
      });
      a.use('/sub', sub);
    },
    ...extra,
  });
  return { app, metrics, lines: captured.lines, builds: () => builds };
}

async function serve(extra: Partial<HttpAppOptions> = {}) {
  const built = buildApp(extra);
  const server = await startHttpServer(built.app, { port: 0, host: '127.0.0.1' });
  return { ...built, server, base: server.url };
}

/** A POST whose body is streamed in pieces, so it goes chunked, with no Content-Length. */
function postChunked(url: string, contentType: string, pieces: string[]): Promise<Response> {
  const body = new ReadableStream({
    start(c) {
      for (const p of pieces) c.enqueue(new TextEncoder().encode(p));
      c.close();
    },
  });
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
    duplex: 'half',
  } as RequestInit);
}

/** Runs `use` against an app of its own, closed afterwards whatever happened. */
async function withServer(
  extra: Partial<HttpAppOptions>,
  use: (r: Awaited<ReturnType<typeof serve>>) => Promise<void>,
): Promise<void> {
  const r = await serve(extra);
  try {
    await use(r);
  } finally {
    await r.server.close();
  }
}

/** Sends raw bytes and returns what came back until the server closed or `waitMs` passed. */
function rawExchange(
  port: number,
  bytes: string,
  waitMs = 1_500,
): Promise<{ text: string; closedByServer: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ text, closedByServer: false });
    }, waitMs);
    socket.on('data', (d) => (text += d.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text, closedByServer: true });
    });
    socket.write(bytes);
  });
}

/** A connection driven step by step: send, wait for a pattern in what came back, or for the close. */
async function openConnection(port: number) {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  let text = '';
  const waiters: (() => void)[] = [];
  socket.on('data', (d) => {
    text += d.toString('latin1');
    waiters.splice(0).forEach((w) => w());
  });
  socket.on('error', () => undefined);
  const closed = once(socket, 'close').then(() => undefined);
  return {
    send: (bytes: string) => socket.write(bytes),
    text: () => text,
    closed,
    until: async (pattern: RegExp) => {
      while (!pattern.test(text)) await new Promise<void>((r) => waiters.push(r));
    },
  };
}

/** A request with a body whatever the method (fetch refuses bodies on GET and HEAD). */
function sendWithBody(
  url: string,
  method: string,
  body: string,
  contentType: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method,
        headers: { 'content-type': contentType, 'content-length': Buffer.byteLength(body), ...headers },
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const postJson = (url: string, body: string, contentType = 'application/json', headers = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': contentType, ...headers }, body });

async function codeOf(res: Response): Promise<unknown> {
  return ((await res.json()) as { code?: unknown }).code;
}

function nested(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

// An app of its own for each test, built inside it: what the app's factory sets up then counts
// as that test's work (a mutation run activates its mutant for tests, not for beforeAll hooks),
// and no test sees another's logs or counters.
let s: Awaited<ReturnType<typeof serve>>;
beforeEach(async () => {
  s = await serve();
});
afterEach(async () => {
  await s.server.close();
});

describe('HTTP skeleton: request ids (R-NF-7)', () => {
  it('R-NF-7: a well-formed X-Request-Id is kept, up to 100 characters of letters, digits and ._:-', async () => {
    for (const id of ['req-42', 'Az09._:-', 'a'.repeat(100)]) {
      const res = await fetch(`${s.base}/healthz`, { headers: { 'x-request-id': id } });
      expect(res.headers.get('x-request-id')).toBe(id);
    }
  });

  it('R-NF-7: a missing, overlong or ill-formed X-Request-Id is replaced by a fresh UUID', async () => {
    const seen = new Set<string>();
    for (const id of [undefined, 'a'.repeat(101), 'has space', '!lead', 'trail!', 'ä', '']) {
      const res = await fetch(`${s.base}/healthz`, {
        headers: id === undefined ? {} : { 'x-request-id': id },
      });
      const got = res.headers.get('x-request-id') ?? '';
      expect(got, `for ${JSON.stringify(id)}`).toMatch(UUID);
      seen.add(got);
    }
    expect(seen.size).toBe(7);
  });

  it('R-NF-7: the problem answer, the request log and the route all carry the same request id', async () => {
    const res = await fetch(`${s.base}/throw/forbidden?x=1`, { headers: { 'x-request-id': 'trace-7' } });
    expect(await res.json()).toMatchObject({ requestId: 'trace-7', instance: '/throw/forbidden?x=1' });
    const routeSays = await (await fetch(`${s.base}/log`, { headers: { 'x-request-id': 'trace-8' } })).json();
    expect(routeSays).toEqual({ requestId: 'trace-8' });
    const fromRoute = s.lines.find((l) => l.msg === 'said by the route') as Record<string, unknown>;
    // The route logs through the request's own logger, so its line names the request.
    expect(fromRoute).toMatchObject({
      requestId: 'trace-8',
      module: 'http',
      req: { method: 'GET', url: '/log' },
    });
  });

  it('R-NF-7: no X-Powered-By header tells what the server runs', async () => {
    expect((await fetch(`${s.base}/healthz`)).headers.has('x-powered-by')).toBe(false);
  });
});

describe('HTTP skeleton: request logs (DESIGN.md, Logs)', () => {
  it('one line per request with method, path, status and request id, never headers or body', async () => {
    await postJson(`${s.base}/echo`, JSON.stringify({ content: '某领导来电' }), 'application/json', {
      'x-request-id': 'log-line-1',
      authorization: 'Bearer secret-token',
    });
    const line = s.lines.find((l) => (l as Record<string, unknown>)['requestId'] === 'log-line-1') as Record<
      string,
      unknown
    >;
    expect(line).toMatchObject({ module: 'http', level: 30, msg: 'request completed' });
    expect(line['req']).toEqual({ method: 'POST', url: '/echo' });
    expect(line['res']).toEqual({ statusCode: 200 });
    const all = JSON.stringify(s.lines);
    expect(all).not.toContain('某领导来电');
    expect(all).not.toContain('secret-token');
  });

  it('a request its client left before the answer logs no status, not the one set but never sent', async () => {
    const req = httpRequest(`${s.base}/created-then-hang`, { headers: { 'x-request-id': 'left-early' } });
    req.on('error', () => undefined);
    req.end();
    await new Promise((r) => setTimeout(r, 200));
    req.destroy();
    const line = async () =>
      s.lines.find((l) => (l as Record<string, unknown>)['requestId'] === 'left-early' && 'res' in l) as
        Record<string, unknown> | undefined;
    for (let i = 0; i < 50 && !(await line()); i++) await new Promise((r) => setTimeout(r, 20));
    expect((await line())?.['res']).toEqual({ statusCode: null });
  });

  it('health and metrics scrapes leave no request line; readiness does', async () => {
    const id = (p: string) => `quiet-${p}`;
    for (const p of ['healthz', 'metrics', 'readyz'])
      await fetch(`${s.base}/${p}`, { headers: { 'x-request-id': id(p) } });
    const logged = (p: string) => s.lines.some((l) => (l as Record<string, unknown>)['requestId'] === id(p));
    expect([logged('healthz'), logged('metrics'), logged('readyz')]).toEqual([false, false, true]);
  });

  it('R-NF-7: what nobody chose is an error with its stack; a chosen 5xx a warning; a 4xx a debug line', async () => {
    const at = (id: string) =>
      // The request's own line (pino-http's, with its answer) aside: what the error handler said.
      s.lines.filter((l) => (l as Record<string, unknown>)['requestId'] === id && !('res' in l));
    const errored = 'lv-internal';
    await fetch(`${s.base}/throw/plain`, { headers: { 'x-request-id': errored } });
    const [e] = at(errored);
    expect(e).toMatchObject({ level: 50, msg: 'request failed' });
    expect((e?.err as { message: string; stack: string }).stack).toContain('secret internals');

    await fetch(`${s.base}/throw/unavailable`, { headers: { 'x-request-id': 'lv-503' } });
    const [w] = at('lv-503');
    expect(w).toMatchObject({ level: 40, code: 'service-unavailable', status: 503 });
    expect(w?.msg).toMatch(/^request refused: \S/);

    // A 500 a service chose under its own code is a refusal too: a warning, not an error.
    await fetch(`${s.base}/throw/chosen-500`, { headers: { 'x-request-id': 'lv-500' } });
    expect(at('lv-500')).toEqual([
      expect.objectContaining({ level: 40, code: 'store-misconfigured', status: 500 }),
    ]);

    await fetch(`${s.base}/throw/forbidden`, { headers: { 'x-request-id': 'lv-403' } });
    expect(at('lv-403')).toEqual([
      expect.objectContaining({ level: 20, code: 'forbidden', msg: 'request refused' }),
    ]);
  });
});

describe('HTTP skeleton: health, readiness, metrics, OpenAPI', () => {
  it('healthz answers ok', async () => {
    const res = await fetch(`${s.base}/healthz`);
    expect([res.status, await res.json()]).toEqual([200, { status: 'ok' }]);
  });

  it('readyz with no checks is ready, with empty checks and notes', async () => {
    const res = await fetch(`${s.base}/readyz`);
    expect([res.status, await res.json()]).toEqual([200, { status: 'ready', checks: {}, notes: {} }]);
  });

  it('R-NF-7: readyz names each check; one failing or hanging makes the whole 503, and notes always show', async () => {
    await withServer(
      {
        readiness: {
          database: async () => 'fine',
          bus: () => Promise.reject(new Error('bus is down')),
          store: () => new Promise(() => undefined),
        },
        readinessTimeoutMs: 80,
        readinessNotes: () => ({ store: 'development store, not write-once' }),
      },
      async (r) => {
        const res = await fetch(`${r.base}/readyz`);
        expect(res.status).toBe(503);
        expect(await res.json()).toEqual({
          status: 'not-ready',
          checks: { database: 'ok', bus: 'failed: bus is down', store: 'failed: timed out after 80 ms' },
          notes: { store: 'development store, not write-once' },
        });
      },
    );
  });

  it('readyz waits for a slow check up to two seconds by default', async () => {
    await withServer(
      {
        readiness: { database: () => new Promise((ok) => setTimeout(ok, 150)) },
      },
      async (r) => {
        const res = await fetch(`${r.base}/readyz`);
        expect([res.status, await res.json()]).toEqual([
          200,
          { status: 'ready', checks: { database: 'ok' }, notes: {} },
        ]);
      },
    );
  });

  it('metrics: counts requests by route template (unmatched otherwise), times them, and refreshes gauges', async () => {
    let refreshed = 0;
    s.metrics.refreshers.push(
      async () => {
        refreshed += 1;
        s.metrics.outboxBacklog.set(refreshed * 10);
      },
      () => Promise.reject(new Error('gauge source down')),
    );
    await fetch(`${s.base}/sub/item/7`);
    await fetch(`${s.base}/sub/item/8`);
    await fetch(`${s.base}/no/such/route`, { method: 'DELETE' });
    const res = await fetch(`${s.base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(s.metrics.registry.contentType);
    const text = await res.text();
    expect(text).toContain(
      'http_requests_total{method="GET",route="/sub/item/:id",status="200",service="http-app-test"} 2',
    );
    expect(text).toContain(
      'http_requests_total{method="DELETE",route="unmatched",status="404",service="http-app-test"} 1',
    );
    const timings = (await s.metrics.httpDuration.get()).values.filter(
      (v) => v.labels['route'] === '/sub/item/:id' && v.labels['method'] === 'GET',
    );
    const of = (suffix: string) =>
      timings.find((v) => v.metricName === `http_request_duration_seconds_${suffix}`)?.value;
    expect(of('count')).toBe(2);
    // Seconds, not nanoseconds: two quick requests take more than nothing and less than a second.
    expect(of('sum')).toBeGreaterThan(0);
    expect(of('sum')).toBeLessThan(1);
    expect(refreshed).toBe(1);
    expect(text).toContain('outbox_backlog{service="http-app-test"} 10');
  });

  it('the OpenAPI document is built once, at its first request', async () => {
    await withServer({}, async (r) => {
      expect(r.builds()).toBe(0);
      const version = async () =>
        ((await (await fetch(`${r.base}/v1/openapi.json`)).json()) as { info: { version: string } }).info
          .version;
      expect([await version(), await version(), r.builds()]).toEqual(['1', '1', 1]);
    });
  });

  it('R-NF-7: without a document, /v1/openapi.json is an unknown route', async () => {
    await withServer({ openapi: undefined }, async (r) => {
      const res = await fetch(`${r.base}/v1/openapi.json`);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({
        code: 'route-not-found',
        path: '/v1/openapi.json',
        method: 'GET',
      });
    });
  });
});

describe('HTTP skeleton: which bodies are read, and how (R-NF-7)', () => {
  it('R-NF-7: JSON bodies are parsed, also as application/*+json and with a UTF-8 charset', async () => {
    for (const type of [
      'application/json',
      'application/merge-patch+json',
      'application/json; charset=utf-8',
    ]) {
      const res = await postJson(`${s.base}/echo`, '{"a":"是"}', type);
      expect([type, res.status, await res.json()]).toEqual([type, 200, { body: { a: '是' } }]);
    }
  });

  it('R-NF-7: a bodiless POST reaches its route without a content type', async () => {
    const res = await fetch(`${s.base}/echo`, { method: 'POST' });
    expect([res.status, await res.json()]).toEqual([200, { body: null }]);
    const empty = await fetch(`${s.base}/echo`, { method: 'POST', headers: { 'content-length': '0' } });
    expect(empty.status).toBe(200);
  });

  it('R-NF-7: a chunked body (no Content-Length) is read like any other', async () => {
    const res = await postChunked(`${s.base}/echo`, 'application/json', ['{"chunked":', 'true}']);
    expect([res.status, await res.json()]).toEqual([200, { body: { chunked: true } }]);
    const text = await postChunked(`${s.base}/echo`, 'text/plain', ['plain']);
    expect(text.status).toBe(415);
  });

  it('R-NF-7: GET and HEAD bodies are never read; another method with a non-JSON body is a 415', async () => {
    const get = await sendWithBody(`${s.base}/echo`, 'GET', '{"a":1}', 'application/json');
    expect([get.status, JSON.parse(get.text)]).toEqual([200, { body: null }]);
    const head = await sendWithBody(`${s.base}/echo`, 'HEAD', 'plain words', 'text/plain');
    expect(head.status).toBe(200);
    const del = await sendWithBody(`${s.base}/echo`, 'DELETE', 'plain words', 'text/plain');
    expect([del.status, JSON.parse(del.text).code]).toEqual([415, 'unsupported-media-type']);
  });

  it('R-NF-7: raw paths keep their bytes for the route, whatever the content type or query', async () => {
    const res = await fetch(`${s.base}/raw/upload?name=a.pdf`, {
      method: 'POST',
      headers: { 'content-type': 'application/pdf' },
      body: Buffer.alloc(70_000, 1),
    });
    expect([res.status, await res.json()]).toEqual([200, { bytes: 70_000, body: null }]);
  });

  it("R-NF-7: a body over the limit is a 413 (1 MB by default, or the app's own limit)", async () => {
    const big = JSON.stringify({ a: 'x'.repeat(1_100_000) });
    const justUnder = JSON.stringify({ a: 'x'.repeat(1_000_000) });
    expect((await postJson(`${s.base}/echo`, justUnder)).status).toBe(200);
    const over = await postJson(`${s.base}/echo`, big);
    expect([over.status, await codeOf(over)]).toEqual([413, 'payload-too-large']);
    await withServer({ bodyLimit: '100b' }, async (small) => {
      const res = await postJson(`${small.base}/echo`, JSON.stringify({ a: 'x'.repeat(120) }));
      expect(res.status).toBe(413);
      expect((await postJson(`${small.base}/echo`, '{"a":1}')).status).toBe(200);
    });
  });

  it("R-NF-7: JSON nested deeper than the limit is a 400 (64 by default, or the app's own)", async () => {
    expect((await postJson(`${s.base}/echo`, nested(60))).status).toBe(200);
    const deep = await postJson(`${s.base}/echo`, nested(70));
    expect(deep.status).toBe(400);
    await withServer({ maxJsonDepth: 3 }, async (shallow) => {
      expect((await postJson(`${shallow.base}/echo`, nested(3))).status).toBe(200);
      expect((await postJson(`${shallow.base}/echo`, nested(6))).status).toBe(400);
    });
  });

  it('R-NF-7: a bare JSON string is malformed (strict JSON: objects and arrays only)', async () => {
    const res = await postJson(`${s.base}/echo`, '"just a string"');
    expect([res.status, await codeOf(res)]).toEqual([400, 'malformed-json']);
  });

  it('R-NF-7: an unsupported charset or content encoding is a 415', async () => {
    const latin = await postJson(`${s.base}/echo`, '{"a":1}', 'application/json; charset=latin1');
    expect([latin.status, await codeOf(latin)]).toEqual([415, 'unsupported-media-type']);
    const enc = await sendWithBody(`${s.base}/echo`, 'POST', '{"a":1}', 'application/json', {
      'content-encoding': 'compress',
    });
    expect([enc.status, JSON.parse(enc.text).code]).toEqual([415, 'unsupported-media-type']);
  });

  it('R-NF-7: a body that does not arrive in time is a 408 and its connection is closed', async () => {
    await withServer({ bodyTimeoutMs: 100 }, async (slow) => {
      const { text, closedByServer } = await rawExchange(
        slow.server.port,
        'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{"a":',
      );
      expect(text).toMatch(/^HTTP\/1\.1 408 /);
      expect(text).toMatch(/\r\nconnection: close\r\n/i);
      expect(closedByServer).toBe(true);
    });
  });

  it('the simple query parser: brackets are part of a name, not nesting', async () => {
    const q = await (await fetch(`${s.base}/query?a[b]=1&c=2`)).json();
    expect(q).toEqual({ 'a[b]': '1', c: '2' });
  });
});

describe('HTTP skeleton: every failure is a problem (R-NF-7)', () => {
  async function problemOf(kind: string) {
    const res = await fetch(`${s.base}/throw/${kind}`);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = (await res.json()) as Record<string, unknown>;
    return { status: res.status, code: body['code'], body, res };
  }

  it('R-NF-7: a schema failure is a 422 naming the field, in Chinese and English', async () => {
    const { status, body } = await problemOf('zod');
    expect(status).toBe(422);
    expect(body).toMatchObject({
      code: 'validation-failed',
      errors: [expect.objectContaining({ path: 'caseNumber' })],
    });
    expect(body['message']).toEqual({ zh: expect.any(String), en: expect.any(String) });
  });

  it('R-NF-7: each kind of bad input the parsers raise maps to its own 4xx', async () => {
    const cases: [string, number, string][] = [
      ['uri', 400, 'bad-request'],
      ['entity.parse.failed', 400, 'malformed-json'],
      ['entity.too.large', 413, 'payload-too-large'],
      ['charset.unsupported', 415, 'unsupported-media-type'],
      ['encoding.unsupported', 415, 'unsupported-media-type'],
      ['request.aborted', 400, 'bad-request'],
      ['request.size.invalid', 400, 'bad-request'],
      ['stream.encoding.set', 400, 'bad-request'],
      ['exposed-418', 400, 'bad-request'],
      ['exposed-400', 400, 'bad-request'],
      ['exposed-499', 400, 'bad-request'],
    ];
    for (const [kind, status, code] of cases) {
      const got = await problemOf(kind);
      expect([kind, got.status, got.code]).toEqual([kind, status, code]);
    }
  });

  it('R-NF-7: anything else is a 500 that tells nothing of the internals', async () => {
    for (const kind of [
      'plain',
      'some.other.type',
      'exposed-500',
      'exposed-399',
      'exposed-string-status',
      'hidden-400',
      'string',
      'other-sqlstate',
    ]) {
      const got = await problemOf(kind);
      expect([kind, got.status, got.code]).toEqual([kind, 500, 'internal-error']);
      expect(JSON.stringify(got.body)).not.toMatch(/secret|hunter2|stack|happened/);
    }
  });

  it('R-NF-6: a statement the database cancelled or a server shutting down is a 503 to retry, not a 500; every 503 says when', async () => {
    for (const kind of ['statement-cancelled', 'server-shutdown', 'lost-connection', 'unavailable']) {
      const got = await problemOf(kind);
      expect([kind, got.status, got.code, got.res.headers.get('retry-after')]).toEqual([
        kind,
        503,
        'service-unavailable',
        '5',
      ]);
      expect(JSON.stringify(got.body)).not.toMatch(/due to|administrator command|terminated/);
    }
    // A 503 that waiting does not cure gets no Retry-After.
    const chosen = await problemOf('chosen-503');
    expect([chosen.status, chosen.res.headers.get('retry-after')]).toEqual([503, null]);
  });

  it('R-NF-6: the log line of a refusal mapped from a database failure names the failure', async () => {
    await fetch(`${s.base}/throw/statement-cancelled`, { headers: { 'x-request-id': 'why-503' } });
    const line = s.lines.find(
      (l) => (l as Record<string, unknown>)['requestId'] === 'why-503' && !('res' in l),
    ) as Record<string, unknown>;
    expect(line).toMatchObject({
      level: 40,
      code: 'service-unavailable',
      cause: { code: '57014', message: 'canceling statement due to statement timeout' },
    });
  });

  it('R-NF-7: an unknown route names its path and method', async () => {
    const res = await fetch(`${s.base}/nowhere?x=1`, { method: 'PUT' });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({
      code: 'route-not-found',
      path: '/nowhere',
      method: 'PUT',
      instance: '/nowhere?x=1',
    });
  });

  it('R-AC-1: a 401 asks for a bearer token; a 403 does not', async () => {
    const unauth = await problemOf('unauthenticated');
    expect([unauth.status, unauth.res.headers.get('www-authenticate')]).toEqual([401, 'Bearer']);
    const forbidden = await problemOf('forbidden');
    expect([forbidden.status, forbidden.res.headers.get('www-authenticate')]).toEqual([403, null]);
  });

  it('R-NF-7: a refusal before the body was read closes the connection; after it, the connection stays', async () => {
    const early = await rawExchange(
      s.server.port,
      'POST /raw/refuse HTTP/1.1\r\nHost: x\r\nContent-Type: application/pdf\r\nContent-Length: 100000\r\n\r\nonly a little',
    );
    expect(early.text).toMatch(/^HTTP\/1\.1 401 /);
    expect(early.text).toMatch(/\r\nconnection: close\r\n/i);
    expect(early.closedByServer).toBe(true);
    const body = '{"a":1}';
    const late = await rawExchange(
      s.server.port,
      `POST /refuse-after-body HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      400,
    );
    expect(late.text).toMatch(/^HTTP\/1\.1 403 /);
    expect(late.text).toMatch(/\r\nconnection: keep-alive\r\n/i);
    expect(late.closedByServer).toBe(false);
  });

  it('R-NF-7: a failure after the answer has begun cuts the connection rather than append a problem', async () => {
    const res = await fetch(`${s.base}/after-headers`);
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
  });

  it('a route reached without authentication is a programming error: a 500, logged', async () => {
    const res = await fetch(`${s.base}/actor`, { headers: { 'x-request-id': 'no-actor' } });
    expect(res.status).toBe(500);
    const line = s.lines.find(
      (l) => (l as Record<string, unknown>)['requestId'] === 'no-actor' && l.level === 50,
    );
    expect((line?.err as { message: string }).message).toBe('route reached without authentication');
    const set = await fetch(`${s.base}/actor-set`);
    expect(await set.json()).toMatchObject({ userId: 'judge-a' });
  });
});

describe('HTTP skeleton: where a request came from (R-AC-3)', () => {
  it('R-AC-3: the peer address, unless a trusted proxy names the client', async () => {
    const ipSeenBy = async (base: string) =>
      (
        (await (await fetch(`${base}/ip`, { headers: { 'x-forwarded-for': '203.0.113.9' } })).json()) as {
          ip: string;
        }
      ).ip;
    expect(await ipSeenBy(s.base)).toMatch(/127\.0\.0\.1$/);
    await withServer({ trustedProxies: ['127.0.0.1'] }, async (proxied) => {
      expect(await ipSeenBy(proxied.base)).toBe('203.0.113.9');
    });
  });

  it('R-AC-3: a request whose connection is already gone is logged as from an unknown address', () => {
    const gone = { ip: undefined, socket: { remoteAddress: undefined } } as unknown as Request;
    expect(clientAddress(gone)).toBe('unknown');
  });
});

describe('HTTP server: listening and closing (R-NF-6)', () => {
  it('binds the port it is given, with the header and keep-alive timeouts the kit chose', async () => {
    const { app } = buildApp();
    const h = await startHttpServer(app, { port: 0, host: '127.0.0.1' });
    const custom = await startHttpServer(app, { port: 0, host: '127.0.0.1', headersTimeoutMs: 1_234 });
    try {
      expect(h.url).toBe(`http://127.0.0.1:${h.port}`);
      expect(h.port).toBeGreaterThan(0);
      expect([h.server.headersTimeout, h.server.keepAliveTimeout]).toEqual([30_000, 5_000]);
      expect(custom.server.headersTimeout).toBe(1_234);
      await expect(startHttpServer(app, { port: h.port, host: '127.0.0.1' })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await Promise.all([h.close(), custom.close()]);
    }
  });

  it('R-NF-6: closing lets an answer in flight finish, tells its connection to close, and closes idle ones at once', async () => {
    const { app } = buildApp();
    const h = await startHttpServer(app, { port: 0, host: '127.0.0.1' });
    // An idle keep-alive connection: it must not hold the close up.
    const idle = await openConnection(h.port);
    idle.send('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    await idle.until(/\{"status":"ok"\}$/);
    const busy = await openConnection(h.port);
    busy.send('GET /slow HTTP/1.1\r\nHost: x\r\n\r\n');
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    const closing = h.close(10_000);
    expect(h.close()).toBe(closing);
    await idle.closed;
    expect(Date.now() - started).toBeLessThan(250);
    // The busy connection asks again before its first answer is out: both are answered, the
    // second told to close.
    busy.send('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    await busy.closed;
    await closing;
    const answers = busy.text().split(/(?=HTTP\/1\.1 )/);
    expect(answers).toHaveLength(2);
    expect(answers[0]).toMatch(/^HTTP\/1\.1 200 [\s\S]*\{"slow":true\}$/);
    expect(answers[1]).toMatch(/^HTTP\/1\.1 200 [\s\S]*\r\nconnection: close\r\n/i);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('R-NF-6: after the grace period, a request that never answers is cut and close resolves', async () => {
    const { app } = buildApp();
    const h = await startHttpServer(app, { port: 0, host: '127.0.0.1' });
    const hanging = rawExchange(h.port, 'GET /hang HTTP/1.1\r\nHost: x\r\n\r\n', 5_000);
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    await h.close(200);
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(150);
    expect(waited).toBeLessThan(3_000);
    expect(await hanging).toEqual({ text: '', closedByServer: true });
  });
});
