import { z } from 'zod';
import { createDocument, type ZodOpenApiPathsObject } from 'zod-openapi';
import { problemSchema } from './problems.js';

/** One route as the services declare it; validation and the document share these schemas. */
export interface RouteSpec {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express-style path, e.g. `/v1/records/:id`. */
  path: string;
  summary: string;
  tags?: string[];
  body?: z.ZodType;
  /** Content types accepted when the body is not JSON (e.g. raw uploads). */
  bodyContentTypes?: string[];
  query?: z.ZodObject;
  params?: z.ZodObject;
  headers?: z.ZodObject;
  responses: Record<number, { description: string; schema?: z.ZodType; contentType?: string }>;
  /** False for the few public routes (health, OpenAPI itself). */
  auth?: boolean;
}

/** The generated document (OpenAPI 3.1). */
export type OpenApiDocument = ReturnType<typeof createDocument>;

const toOpenApiPath = (p: string) => p.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/** An OpenAPI 3.1 document built from the route specs, with problem+json errors on every route. */
export function buildOpenApiDocument(
  info: { title: string; version: string; description?: string },
  routes: RouteSpec[],
): OpenApiDocument {
  const paths: ZodOpenApiPathsObject = {};
  for (const r of routes) {
    const responses: Record<string, unknown> = {};
    for (const [status, res] of Object.entries(r.responses)) {
      responses[status] = res.schema
        ? {
            description: res.description,
            content: { [res.contentType ?? 'application/json']: { schema: res.schema } },
          }
        : { description: res.description };
    }
    const problem = { content: { 'application/problem+json': { schema: problemSchema } } };
    responses['4XX'] ??= { description: 'Problem (RFC 9457), Chinese and English', ...problem };
    responses['5XX'] ??= { description: 'Problem (RFC 9457)', ...problem };
    const content: Record<string, { schema: z.ZodType }> = {};
    if (r.body) content['application/json'] = { schema: r.body };
    for (const ct of r.bodyContentTypes ?? [])
      content[ct] = { schema: z.string().meta({ format: 'binary' }) };
    const path = toOpenApiPath(r.path);
    paths[path] ??= {};
    (paths[path] as Record<string, unknown>)[r.method] = {
      summary: r.summary,
      tags: r.tags,
      requestParams: Object.fromEntries(
        Object.entries({ query: r.query, path: r.params, header: r.headers }).filter(
          ([, v]) => v !== undefined,
        ),
      ),
      ...(Object.keys(content).length ? { requestBody: { required: true, content } } : {}),
      responses,
      ...(r.auth === false ? { security: [] } : {}),
    };
  }
  return createDocument({
    openapi: '3.1.0',
    info,
    paths,
    security: [{ bearer: [] }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
  });
}
