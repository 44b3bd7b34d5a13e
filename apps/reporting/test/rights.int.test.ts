import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordEntered } from '@jir/contracts';
import {
  MATRIX_ROLES,
  ROUTE_RIGHTS,
  expectedRouteAnswer,
  waitFor,
  type MatrixRole,
  type RouteRule,
} from '@jir/testing';
import { recordEvents, reportingHarness, type ReportingHarness } from './harness.js';

let h: ReportingHarness;
let openapiRoutes: string[];
const fx = { report: '', delivery: '', circular: '' };
const rules = ROUTE_RIGHTS['reporting']!;

beforeAll(async () => {
  h = await reportingHarness();
  await h.publish(recordEntered, recordEvents(crypto.randomUUID()));
  await h.applied(1);
  const tm = { sub: 'tm-ng', court: 'JL-CC-NG', roles: ['trial-management'] };
  ({ reportId: fx.report, committeeDeliveryId: fx.delivery } = await h.sentReport(tm));
  // A circular from the court above lands in the fixture court's inbox.
  fx.circular = (
    await h.call('POST', '/v1/compliance/circulars', {
      as: { sub: 'tm-city', court: 'JL-CC', roles: ['trial-management'] },
      body: { court: 'JL-CC', quarter: '2026-Q1' },
    })
  ).body.id;
  await waitFor(
    async () =>
      (await h.db
        .selectFrom('received_documents')
        .select('document_id')
        .where('recipient', '=', 'JL-CC-NG')
        .executeTakeFirst()) ?? undefined,
    { what: 'the circular received' },
  );
  const doc = (await h.call('GET', '/v1/openapi.json')).body as {
    paths: Record<string, Record<string, unknown>>;
  };
  openapiRoutes = ['GET /v1/openapi.json'];
  openapiRoutes.push(
    ...Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    ),
  );
}, 60_000);
afterAll(async () => {
  await h?.close();
});

/** How each route is called on the fixture (the caller's own court, JL-CC-NG). */
function request(route: string): { method: string; path: string; body?: unknown } {
  const [method, template] = route.split(' ') as [string, string];
  const path = template
    .replace(':documentId', fx.circular)
    .replace(':recipient', 'JL-CC-NG')
    .replace(':id', route.includes('/deliveries/') ? fx.delivery : fx.report);
  const bodies: Record<string, unknown> = {
    'POST /v1/reports/quarterly': { court: 'JL-CC-NG', quarter: '2026-Q1' },
    'POST /v1/declarations': { quarter: '2026-Q1', kind: 'complete' },
    'POST /v1/deliveries/:id/handover': {
      deliveredBy: '张三',
      deliveredAt: '2026-04-14T09:00:00+08:00',
      method: 'in-person',
    },
    'POST /v1/compliance/circulars': { court: 'JL-CC-NG', quarter: '2026-Q1' },
  };
  const query = ['GET /v1/rollup', 'GET /v1/report-compliance'].includes(route)
    ? '?court=JL-CC-NG&quarter=2026-Q1'
    : '';
  return { method, path: path + query, ...(bodies[route] !== undefined ? { body: bodies[route] } : {}) };
}

describe('the reporting service’s routes against the hand-written rights matrix (R-AC-1, R-AC-2)', () => {
  it('R-AC-1: every route of the OpenAPI document is in the matrix, and every matrix row is a route', () => {
    expect([...openapiRoutes].sort()).toEqual(Object.keys(rules).sort());
  });

  const checked = Object.entries(rules).filter(
    (e): e is [string, Extract<RouteRule, { anyOf: unknown }>] => 'anyOf' in e[1],
  );
  it.each(checked)('R-AC-2: %s answers each role as the matrix says', async (route, rule) => {
    const failures: string[] = [];
    for (const role of MATRIX_ROLES as readonly MatrixRole[]) {
      const r = request(route);
      const res = await h.call(r.method, r.path, {
        as: { sub: `u-${role}`, court: 'JL-CC-NG', roles: [role], division: 'civil-1' },
        ...(r.body !== undefined ? { body: r.body } : {}),
      });
      const expected = expectedRouteAnswer(rule, [role], 'court');
      // 'ok' means not refused for rights: a repeat may meet a business rule (409) instead.
      const got = [401, 403, 404].includes(res.status) ? res.status : 'ok';
      if (got !== expected)
        failures.push(
          `${role}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body)?.slice(0, 120)}`,
        );
    }
    expect(failures).toEqual([]);
  });

  it('R-AC-2: another court’s staff get nothing of the fixture court’s report, whatever their role', async () => {
    for (const role of MATRIX_ROLES) {
      const res = await h.call('GET', `/v1/reports/${fx.report}`, {
        as: { sub: `x-${role}`, court: 'JL-CC-KC', roles: [role] },
      });
      expect(res.status, role).toBe(404);
    }
  });
});
