import type { RequestHandler } from 'express';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  authenticate,
  authorize,
  createHttpApp,
  createMetrics,
  defineRoute,
  jsonRoute,
  mountRoutes,
  type Route,
} from '../src/index.js';
import { logger, publicEchoRoute, serve, testKeys } from './harness.js';

// jsonRoute reads exactly the inputs a route's contract declares, from the schemas the OpenAPI
// document is built from, and answers with the contract's success status (R-RC-6).
const keys = testKeys();
/** What the `use` middleware saw, to show it runs after the right and before the answer. */
const used: string[] = [];
const mark: RequestHandler = (req, _res, next) => {
  used.push(req.path);
  next();
};

/** Declared afresh for each test, so that each test runs the declaration and mounting it relies on. */
const routes = (): Route[] => [
  jsonRoute({
    spec: {
      method: 'post',
      path: '/v1/cases/:caseId/notes',
      operationId: 'addNote',
      summary: 'a note on a case',
      params: z.object({ caseId: z.string().regex(/^C-\d+$/) }),
      query: z.object({ draft: z.enum(['yes', 'no']).optional() }),
      body: z.object({ text: z.string().min(1), tag: z.string().optional() }),
      // The lowest declared status is the success status, whatever order the contract lists them in.
      responses: {
        409: { description: 'conflict' },
        201: { description: 'created', schema: z.object({}) },
        422: { description: 'invalid' },
      },
    },
    authorize: authorize('viewing', 'audit-chain'),
    use: [mark],
    answer: async (call) => ({
      by: call.actor.sub,
      court: call.actor.court,
      params: call.params,
      query: call.query,
      body: call.body,
      address: call.address,
    }),
  }),
  jsonRoute({
    spec: {
      method: 'get',
      path: '/v1/bare',
      operationId: 'bare',
      summary: 'a route that declares no inputs',
      responses: { 200: { description: 'ok', schema: z.object({}) } },
    },
    answer: async (call) => ({
      params: call.params === undefined,
      query: call.query === undefined,
      body: call.body === undefined,
    }),
  }),
  jsonRoute({
    spec: {
      method: 'post',
      path: '/v1/optional-body',
      operationId: 'optionalBody',
      summary: 'a body whose every field is optional',
      body: z.object({ note: z.string().optional() }),
      responses: { 200: { description: 'ok', schema: z.object({}) } },
    },
    answer: async (call) => ({ body: call.body }),
  }),
  // A public route is declared with defineRoute: jsonRoute's answer is given the caller, and
  // a public route has none.
  publicEchoRoute([mark]),
  defineRoute({
    spec: {
      method: 'get',
      path: '/v1/public/status',
      operationId: 'publicStatus',
      summary: 'a public read, with no body to read',
      auth: false,
      responses: { 200: { description: 'ok', schema: z.object({}) } },
    },
    handler: (_req, res) => {
      res.json({ up: true });
    },
  }),
];

let s: Awaited<ReturnType<typeof serve>>;
beforeEach(async () => {
  const app = createHttpApp({
    logger,
    metrics: createMetrics('json-route-test', { defaultMetrics: false }),
    routes: (a) => mountRoutes(a, routes(), { authenticate: authenticate(keys.verifier) }),
  });
  s = await serve(app);
});
afterEach(async () => {
  await s?.close();
});

async function call(
  method: string,
  path: string,
  opts: { body?: unknown; roles?: string[]; token?: false | string } = {},
): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = {};
  if (typeof opts.token === 'string') headers['authorization'] = opts.token;
  else if (opts.token !== false)
    headers['authorization'] = `Bearer ${await keys.token({ roles: opts.roles ?? ['auditor'] })}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${s.url}${path}`, {
    method,
    headers,
    ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

const paths = (r: { body: { errors?: { path: string }[] } }) => (r.body.errors ?? []).map((e) => e.path);

describe('jsonRoute: a route declared by its contract (R-RC-6, R-AC-1)', () => {
  it('R-RC-6: answers with the lowest status its contract declares and the inputs parsed by its schemas', async () => {
    const r = await call('POST', '/v1/cases/C-17/notes?draft=yes', {
      body: { text: '记录', extra: 'dropped' },
    });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({
      by: 'judge-a',
      court: 'JL-CC-NG',
      params: { caseId: 'C-17' },
      query: { draft: 'yes' },
      // The schema's output, not the raw body: an undeclared field never reaches the answer.
      body: { text: '记录' },
      address: expect.stringMatching(/127\.0\.0\.1$/),
    });
  });

  it('R-AC-1: the route is authenticated and its right asked before its middleware or answer runs', async () => {
    used.length = 0;
    expect((await call('POST', '/v1/cases/C-1/notes', { body: { text: 'x' }, token: false })).status).toBe(
      401,
    );
    expect(
      (await call('POST', '/v1/cases/C-1/notes', { body: { text: 'x' }, roles: ['case-handler'] })).status,
    ).toBe(403);
    expect(used).toEqual([]);
    expect((await call('POST', '/v1/cases/C-1/notes', { body: { text: 'x' } })).status).toBe(201);
    expect(used).toEqual(['/v1/cases/C-1/notes']);
  });

  it('R-RC-6: params are checked before the query, and the query before the body; paths say where', async () => {
    const all = await call('POST', '/v1/cases/bad/notes?draft=maybe', { body: { text: '' } });
    expect(all.status).toBe(422);
    expect(paths(all)).toEqual(['params.caseId']);
    const queryAndBody = await call('POST', '/v1/cases/C-2/notes?draft=maybe', { body: { text: '' } });
    expect(queryAndBody.status).toBe(422);
    expect(paths(queryAndBody)).toEqual(['query.draft']);
    const body = await call('POST', '/v1/cases/C-2/notes', { body: { text: '' } });
    expect(body.status).toBe(422);
    // A body field is named as it is in the body, with no prefix.
    expect(paths(body)).toEqual(['text']);
    expect(body.body.code).toBe('validation-failed');
  });

  it('R-RC-6: a route that declares no inputs gets none; a request without a body is read as an empty object', async () => {
    expect(await call('GET', '/v1/bare?x=1')).toEqual({
      status: 200,
      body: { params: true, query: true, body: true },
    });
    expect(await call('POST', '/v1/optional-body')).toEqual({ status: 200, body: { body: {} } });
    expect(await call('POST', '/v1/optional-body', { body: { note: 'n' } })).toEqual({
      status: 200,
      body: { body: { note: 'n' } },
    });
  });

  it('R-AC-1: a public jsonRoute, which would have no caller to answer for, is refused when declared', () => {
    const declare = () =>
      jsonRoute({
        spec: {
          method: 'get',
          path: '/v1/open',
          operationId: 'open',
          summary: 'public',
          auth: false,
          responses: { 200: { description: 'ok' } },
        },
        answer: async () => ({}),
      });
    expect(declare).toThrow(
      'jsonRoute GET /v1/open: a public route (auth: false) has no caller; use defineRoute',
    );
  });

  it('R-AC-1: a public route is answered without a token, or with a bad one, and still reads its body', async () => {
    used.length = 0;
    for (const token of [false, 'Bearer not-a-token'] as const)
      expect(await call('POST', '/v1/public/echo', { body: { text: '公开' }, token })).toEqual({
        status: 200,
        body: { text: '公开' },
      });
    expect(used).toEqual(['/v1/public/echo', '/v1/public/echo']);
  });

  it('R-AC-1: a public read without a body is answered, with or without a token, no body being read for it', async () => {
    for (const token of [false, 'Bearer not-a-token', undefined] as const)
      expect(await call('GET', '/v1/public/status', token === undefined ? {} : { token })).toEqual({
        status: 200,
        body: { up: true },
      });
  });
});
