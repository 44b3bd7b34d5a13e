import { z } from 'zod';
import { createDocument, type ZodOpenApiPathsObject } from 'zod-openapi';
import { problemSchema } from './problems.js';

/** One answer of a route: JSON described by `schema`, or bytes of `contentType`. */
export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  contentType?: string;
}

/** One route as the services declare it; validation and the document share these schemas. */
export interface RouteSpec {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express-style path, e.g. `/v1/records/:id`. */
  path: string;
  /** Unique camelCase name of the operation: the generated client's method name. */
  operationId: string;
  summary: string;
  tags?: string[];
  body?: z.ZodType;
  /** Content types accepted when the body is not JSON (e.g. raw uploads). */
  bodyContentTypes?: string[];
  query?: z.ZodObject;
  params?: z.ZodObject;
  headers?: z.ZodObject;
  /** Every success answer; a client generated from the document is typed only by what is here. */
  responses: Record<number, ResponseSpec>;
  /** False for the few public routes (health, OpenAPI itself). */
  auth?: boolean;
}

/** The generated document (OpenAPI 3.1). */
export type OpenApiDocument = ReturnType<typeof createDocument>;

/** What the document says about the API beyond its routes. */
export interface OpenApiInfo {
  title: string;
  version: string;
  description?: string;
  /** Where the API is served; relative by default, so the document is right behind any proxy prefix. */
  servers?: { url: string; description?: string }[];
}

const toOpenApiPath = (p: string) => p.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

// The project's licence (package.json) and who answers for the API: linters and client
// generators expect both, and courts deploying the system need to know whom to ask.
const LICENSE = { name: 'Apache-2.0', identifier: 'Apache-2.0' };
const CONTACT = { name: '过问案件记录系统 / Judicial Interference Register' };

/** Tag descriptions, so the document explains each group of routes. */
const TAG_DESCRIPTIONS: Record<string, string> = {
  records: '过问记录 / records of interference (R-RC)',
  materials: '过问材料的接收与递转 / materials received and passed on (R-TR)',
  'exempt opinions': '委托或许可的参考意见 / commissioned reference opinions (R-SC-4)',
  identities: '过问人身份 / interferer identities (R-BX-2)',
  accountability: '责任追究台账 / the accountability ledger (R-AB-1)',
  complaints: '打击报复控告 / complaints of retaliation (R-AB-2)',
  sampling: '季度抽查 / quarterly sample verification (R-BX-3)',
  audit: '审计链 / the audit chain (R-PV-2)',
  staff: '本院人员名录 / the court’s staff directory (R-AC-1, R-TR-1)',
  evidence: '证据 / evidence files (R-EV)',
  reconciliation: '对账与完整性 / reconciliation and integrity (R-EV-3)',
  obligations: '期限义务 / duties with legal deadlines: reminded, met or breached (R-DL)',
  calendar: '法定节假日安排 / the legal holiday calendar deadlines are computed from (R-DL-3)',
  compliance: '期限遵守情况 / compliance of a court and the courts below it (Art 9, R-RP-5)',
  reports: '季度分析报告 / signed quarterly report snapshots and their verification (R-RP-1, R-RP-4)',
  declarations: '季度申报 / each handler’s quarterly declaration (R-BX-1)',
  exports: '报告导出 / a report as PDF, Excel or JSON with its digest (R-RP-4)',
  delivery: '报送与接收 / sending up the hierarchy, inboxes and pushes between deployments (R-RP-2, R-RP-3)',
};

/** Refuses a route list the document could not describe faithfully: duplicate or missing names. */
function checkRoutes(routes: readonly RouteSpec[]): void {
  const seen = new Map<string, string>();
  for (const r of routes) {
    const where = `${r.method.toUpperCase()} ${r.path}`;
    if (!/^[a-z][A-Za-z0-9]*$/.test(r.operationId))
      throw new Error(`operationId "${r.operationId}" of ${where} is not camelCase`);
    const other = seen.get(r.operationId);
    if (other) throw new Error(`operationId "${r.operationId}" is used by both ${other} and ${where}`);
    seen.set(r.operationId, where);
    if (!Object.keys(r.responses).some((s) => Number(s) < 300))
      throw new Error(`${where} declares no success response`);
  }
}

/** An OpenAPI 3.1 document built from the route specs, with problem+json errors on every route. */
export function buildOpenApiDocument(info: OpenApiInfo, routes: readonly RouteSpec[]): OpenApiDocument {
  checkRoutes(routes);
  const paths: ZodOpenApiPathsObject = {};
  for (const r of routes) {
    const responses: Record<string, unknown> = {};
    for (const [status, res] of Object.entries(r.responses)) {
      responses[status] = res.schema
        ? {
            description: res.description,
            content: { [res.contentType ?? 'application/json']: { schema: res.schema } },
          }
        : res.contentType
          ? {
              description: res.description,
              content: { [res.contentType]: { schema: z.string().meta({ format: 'binary' }) } },
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
      operationId: r.operationId,
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
  const tags = [...new Set(routes.flatMap((r) => r.tags ?? []))].map((name) => ({
    name,
    ...(TAG_DESCRIPTIONS[name] ? { description: TAG_DESCRIPTIONS[name] } : {}),
  }));
  const { servers, ...rest } = info;
  return createDocument({
    openapi: '3.1.0',
    info: { ...rest, license: LICENSE, contact: CONTACT },
    servers: servers ?? [{ url: '/', description: '本服务 / this service' }],
    tags,
    paths,
    security: [{ bearer: [] }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
  });
}
