import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { calendarYearBodySchema, waiveObligationBodySchema } from '@jir/contracts';
import { nastyValue, rawGarbageBodies } from '@jir/testing';
import { HUB_TM, TM, deadlineHarness, type DeadlineHarness } from './harness.js';

let h: DeadlineHarness;
let obligationId: string;
beforeAll(async () => {
  h = await deadlineHarness();
  obligationId = await h.newObligation();
});
afterAll(() => h?.close());

/** The nasty values, with impossible and out-of-year dates for the calendar. */
const nasty = nastyValue({
  table: 'obligations',
  more: ['2026-02-30', '2197-13-01'],
  arrayItems: fc.oneof(fc.string(), fc.constantFrom('2197-01-01', '2026-01-01', '2197-02-29')),
});

type Answer = Awaited<ReturnType<DeadlineHarness['call']>>;
/** A refusal any client can show: 4xx problem+json in Chinese and English, fields named on 422. */
function refusedCleanly(r: Answer, what: string) {
  expect(r.status, what).toBeGreaterThanOrEqual(400);
  expect(r.status, what).toBeLessThan(500);
  expect(r.type, what).toContain('application/problem+json');
  expect(r.body.message.zh, what).toBeTruthy();
  expect(r.body.message.en, what).toBeTruthy();
  if (r.status === 422) for (const e of r.body.errors) expect(e.path, what).toBeTruthy();
}

async function check(
  method: string,
  path: string,
  body: unknown,
  schema: { safeParse: (v: unknown) => { success: boolean } },
  as: typeof TM = TM,
) {
  const r = await h.call(method, path, {
    as,
    raw: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const what = `${method} ${path} ${JSON.stringify(body)?.slice(0, 200)}`;
  // A refusal for rights would make this prove nothing about validation.
  expect(r.status, what).not.toBe(403);
  expect(r.status, what).toBeLessThan(500);
  const valid = typeof body !== 'string' && schema.safeParse(JSON.parse(JSON.stringify(body))).success;
  // Valid by schema but refused by a rule (already waived; a date outside the year) is a clear 4xx too.
  if (valid && r.status < 300) return;
  refusedCleanly(r, what);
}

describe('generated bad input (R-NF-7)', () => {
  it('R-NF-7: 600 broken waivers: never a 5xx, every refusal problem+json naming the field', async () => {
    const body = fc.dictionary(fc.constantFrom('reason', 'by', 'state'), nasty, { maxKeys: 3 });
    await fc.assert(
      fc.asyncProperty(body, (b) =>
        check('POST', `/v1/obligations/${obligationId}/waive`, b, waiveObligationBodySchema),
      ),
      { numRuns: 600 },
    );
  });

  it('R-NF-7: 600 broken calendar years: never a 5xx, every refusal problem+json naming the field; nothing loaded', async () => {
    const body = fc.oneof(
      fc.dictionary(fc.constantFrom('holidays', 'makeUpWorkdays', 'year'), nasty, { maxKeys: 3 }),
      fc.record({
        holidays: fc.array(fc.oneof(nasty, fc.constant('2197-05-01')), { maxLength: 3 }),
        makeUpWorkdays: fc.array(fc.oneof(nasty, fc.constant('2197-05-01')), { maxLength: 3 }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(body, (b) => check('PUT', '/v1/calendar/2197', b, calendarYearBodySchema, HUB_TM)),
      { numRuns: 600 },
    );
    // Whatever was accepted lies in 2197 and has no day both a holiday and a working day.
    const loaded = await h.call('GET', '/v1/calendar/2197');
    if (loaded.status === 200) {
      const days: string[] = [...loaded.body.holidays, ...loaded.body.makeUpWorkdays];
      expect(days.every((d) => d.startsWith('2197-'))).toBe(true);
      expect(new Set(days).size).toBe(days.length);
    }
  });

  it('R-NF-7: raw garbage, duplicated keys and a huge body are refused cleanly', async () => {
    for (const raw of rawGarbageBodies({ duplicated: 'reason', huge: 'reason' }))
      for (const [method, path] of [
        ['POST', `/v1/obligations/${obligationId}/waive`],
        ['PUT', '/v1/calendar/2197'],
        ['POST', '/v1/calendar/2197/preview'],
      ] as const)
        refusedCleanly(
          await h.call(method, path, { as: path.startsWith('/v1/calendar') ? HUB_TM : TM, raw }),
          `${method} ${path} ${raw.slice(0, 20)}`,
        );
  });

  it('R-NF-7: 800 bad queries and path parameters are 4xx problem+json, never 5xx', async () => {
    for (const id of ['x', '1', "'%20OR%201=1", '%00', 'a'.repeat(500)]) {
      refusedCleanly(await h.call('GET', `/v1/obligations/${id}`, { as: TM }), id);
      refusedCleanly(
        await h.call('POST', `/v1/obligations/${id}/waive`, { as: TM, body: { reason: 'r' } }),
        id,
      );
    }
    for (const year of ['x', '1999', '2201', '20.5', '-1', '%00'])
      refusedCleanly(await h.call('GET', `/v1/calendar/${year}`, { as: TM }), year);
    const query = (keys: string[]) =>
      fc.dictionary(
        fc.constantFrom(...keys, 'x'),
        fc.oneof(
          fc.string({ maxLength: 40 }),
          fc.constantFrom('2026-Q5', '2026-13-01T00:00:00Z', '-1', '1e9'),
        ),
        { maxKeys: 4 },
      );
    await fc.assert(
      fc.asyncProperty(
        query(['recordId', 'court', 'handler', 'kind', 'state', 'dueBefore', 'cursor', 'limit']),
        async (q) => {
          const r = await h.call('GET', `/v1/obligations?${new URLSearchParams(q)}`, { as: TM });
          if (r.status !== 200) refusedCleanly(r, JSON.stringify(q));
        },
      ),
      { numRuns: 400 },
    );
    await fc.assert(
      fc.asyncProperty(query(['court', 'quarter']), async (q) => {
        const r = await h.call('GET', `/v1/compliance?${new URLSearchParams(q)}`, { as: TM });
        if (r.status !== 200) refusedCleanly(r, JSON.stringify(q));
      }),
      { numRuns: 400 },
    );
  });
});

/** Every route of the service from its own OpenAPI document, with a real obligation id. */
async function everyRoute() {
  const doc = (await h.call('GET', '/v1/openapi.json', { as: null })).body as {
    paths: Record<string, Record<string, { parameters?: { in: string; name: string }[] }>>;
  };
  const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      method: method.toUpperCase(),
      path: path.replace('{id}', obligationId).replace('{year}', '2197'),
      query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
    })),
  );
  expect(routes).toHaveLength(7);
  return routes;
}

describe('hostile bodies and queries on every route (R-NF-7)', () => {
  it('R-NF-7: JSON nested 10,000 deep and lone surrogates are 4xx problem+json on every route that takes a body, with and without a token', async () => {
    const bodies = [
      '['.repeat(10_000) + ']'.repeat(10_000),
      '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000),
      '{"reason":"\\ud800","holidays":[],"makeUpWorkdays":[]}',
      '"\\ud83d"',
    ];
    for (const route of await everyRoute()) {
      if (route.method === 'GET') continue;
      for (const as of [TM, null])
        for (const raw of bodies)
          refusedCleanly(
            await h.call(route.method, route.path, { as, raw }),
            `${route.method} ${route.path}`,
          );
    }
    // The service is still there, and no waiver came of it.
    const o = await h.call('GET', `/v1/obligations/${obligationId}`, { as: TM });
    expect(o.status).toBe(200);
    expect(JSON.stringify(o.body)).not.toContain('\ufffd');
  });

  it('R-NF-7: NUL in a query string is a 4xx problem+json on every route', async () => {
    for (const route of await everyRoute())
      for (const name of [...route.query, 'q'])
        for (const value of ['%00', 'a%00b'])
          refusedCleanly(
            await h.call(route.method, `${route.path}?${encodeURIComponent(name)}=${value}`, {
              as: TM,
              ...(route.method === 'GET' ? {} : { raw: '{}' }),
            }),
            `${route.method} ${route.path}?${name}=${value}`,
          );
  });
});
