import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildOpenApiDocument, type RouteSpec } from '../src/index.js';
import { generateAndCheckClient, lintOpenApi, untypedSuccessResponses } from '@jir/testing';

const thing = z.object({ id: z.string(), name: z.string() }).meta({ id: 'Thing' });
const ROUTES: RouteSpec[] = [
  {
    method: 'get',
    path: '/v1/things/:id',
    operationId: 'getThing',
    summary: 'a thing',
    params: z.object({ id: z.uuid() }),
    responses: { 200: { description: 'the thing', schema: thing } },
  },
  {
    method: 'post',
    path: '/v1/things',
    operationId: 'createThing',
    summary: 'make a thing',
    body: z.object({ name: z.string() }).strict(),
    responses: { 201: { description: 'made', schema: thing } },
  },
];
const info = { title: 't', version: '1' };

describe('OpenAPI documents as standard tools read them', () => {
  it('a document built from the route list passes Redocly’s recommended rules', async () => {
    expect(await lintOpenApi(buildOpenApiDocument(info, ROUTES))).toEqual([]);
  }, 60_000);

  it('the linter does catch what the documents used to lack: servers, operationIds, a licence', async () => {
    const doc = buildOpenApiDocument(info, ROUTES) as unknown as Record<string, unknown> & {
      paths: Record<string, Record<string, Record<string, unknown>>>;
      info: Record<string, unknown>;
    };
    delete doc['servers'];
    delete doc.info['license'];
    delete doc.paths['/v1/things/{id}']!['get']!['operationId'];
    const rules = (await lintOpenApi(doc)).map((p) => p.ruleId);
    expect(rules).toEqual(
      expect.arrayContaining(['no-empty-servers', 'operation-operationId', 'info-license']),
    );
  }, 60_000);

  it('refuses route lists that would make a bad document: a repeated or non-camelCase operationId, no success answer', () => {
    expect(() => buildOpenApiDocument(info, [...ROUTES, { ...ROUTES[0]!, path: '/v1/other' }])).toThrow(
      /getThing.*used by both/,
    );
    expect(() => buildOpenApiDocument(info, [{ ...ROUTES[0]!, operationId: 'get-thing' }])).toThrow(
      /camelCase/,
    );
    expect(() =>
      buildOpenApiDocument(info, [{ ...ROUTES[0]!, responses: { 404: { description: 'none' } } }]),
    ).toThrow(/no success response/);
  });

  it('a generated client types each answer, and an answer without a schema is reported as untyped', async () => {
    const doc = buildOpenApiDocument(info, [
      ...ROUTES,
      {
        method: 'get',
        path: '/v1/loose',
        operationId: 'getLoose',
        summary: 'an answer without a schema',
        responses: { 200: { description: 'anything' } },
      },
    ]);
    const usage = `
      import type { operations } from './api.js';
      type Body = operations['getThing']['responses'][200]['content']['application/json'];
      declare const b: Body;
      export const name: string = b.name;
      // @ts-expect-error a thing has no such field: the type is not unknown
      export const nope = b.colour;
    `;
    const { types, diagnostics } = await generateAndCheckClient(doc, usage);
    expect(diagnostics).toBe('');
    expect(untypedSuccessResponses(types)).toEqual(['getLoose 200']);
  }, 120_000);
});
