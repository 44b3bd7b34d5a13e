import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildOpenApiDocument } from '@jir/contracts';
import {
  actorOf,
  authenticate,
  authorize,
  createHttpApp,
  createMetrics,
  defineRoute,
  mountRoutes,
  routeSpecs,
  type Route,
} from '../src/index.js';
import { logger, serve, testKeys } from './harness.js';

// A route is mounted and documented from one declaration, and its right is asked of can().
const keys = testKeys();
const routes: Route[] = [
  defineRoute({
    spec: {
      method: 'get',
      path: '/v1/chain',
      operationId: 'verifyChain',
      summary: 'verify the chain',
      responses: { 200: { description: 'ok', schema: z.object({ court: z.string() }) } },
    },
    authorize: authorize('viewing', 'audit-chain'),
    handler: (_req, res) => {
      res.json({ court: actorOf(res).court });
    },
  }),
  defineRoute({
    spec: {
      method: 'get',
      path: '/v1/draws/:id',
      operationId: 'getDraw',
      summary: 'a draw, hidden when not allowed',
      params: z.object({ id: z.string() }),
      responses: { 200: { description: 'ok', schema: z.object({ id: z.string() }) } },
    },
    authorize: authorize('viewing', 'sample-draw', { hideAs404: true }),
    handler: (req, res) => {
      res.json({ id: String(req.params['id']) });
    },
  }),
];

let s: Awaited<ReturnType<typeof serve>>;
beforeAll(async () => {
  const app = createHttpApp({
    logger,
    metrics: createMetrics('routes-test'),
    openapi: () => buildOpenApiDocument({ title: 't', version: '1' }, routeSpecs(routes)),
    routes: (a) => mountRoutes(a, routes, { authenticate: authenticate(keys.verifier) }),
  });
  s = await serve(app);
});
afterAll(async () => {
  await s?.close();
});

const get = async (path: string, roles?: string[]) =>
  (
    await fetch(`${s.url}${path}`, {
      headers: roles ? { authorization: `Bearer ${await keys.token({ roles })}` } : {},
    })
  ).status;

describe('routes declared once, rights from can() (R-AC-1)', () => {
  it('R-AC-1: authorize() lets through exactly the roles can() grants, 401 without a token', async () => {
    expect(await get('/v1/chain', ['auditor'])).toBe(200);
    expect(await get('/v1/chain', ['trial-management'])).toBe(200);
    expect(await get('/v1/chain', ['case-handler'])).toBe(403);
    expect(await get('/v1/chain', ['it-admin'])).toBe(403);
    expect(await get('/v1/chain')).toBe(401);
  });

  it('R-AC-2: with hideAs404 a refusal does not reveal that the thing exists', async () => {
    expect(await get('/v1/draws/x', ['statistician'])).toBe(200);
    expect(await get('/v1/draws/x', ['case-handler'])).toBe(404);
  });

  it('the OpenAPI document lists exactly the mounted routes, by operationId', async () => {
    const doc = (await (await fetch(`${s.url}/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    expect(doc.paths['/v1/chain']?.['get']?.operationId).toBe('verifyChain');
    expect(doc.paths['/v1/draws/{id}']?.['get']?.operationId).toBe('getDraw');
    expect(Object.keys(doc.paths)).toHaveLength(2);
  });

  it('refuses a method and path declared twice, rather than silently shadowing one', () => {
    expect(() =>
      mountRoutes(express(), [routes[0]!, routes[0]!], { authenticate: authenticate(keys.verifier) }),
    ).toThrow(/declared twice: GET \/v1\/chain/);
  });
});
