import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  accountabilityBodySchema,
  amendmentBodySchema,
  complaintActionBodySchema,
  complaintBodySchema,
  exemptOpinionBodySchema,
  filingBodySchema,
  materialReceiptBodySchema,
  receiptCorrectionBodySchema,
  receiptCorrectionDecisionBodySchema,
  recordBodySchema,
  staffDirectoryBodySchema,
  transferBodySchema,
} from '@jir/contracts';
import { brokenBody, materialBody, nastyValue, rawGarbageBodies } from '@jir/testing';
import { intakeHarness, recordBody, refusedCleanly, type IntakeHarness } from './harness.js';

let h: IntakeHarness;
let recordId: string;
beforeAll(async () => {
  h = await intakeHarness();
  recordId = (await h.call('POST', '/v1/records', { body: recordBody({ enter: true }) })).body.id;
});
afterAll(() => h.close());

const nasty = nastyValue({ table: 'records' });

const RECORD_FIELDS = [
  ...Object.keys(recordBody()),
  'severe',
  'involvesPrincipalLeader',
  'place',
  'personsPresent',
  'enter',
  'internalPersonnel',
];
const PATHS = [
  ...RECORD_FIELDS,
  'interferer.name',
  'interferer.kind',
  'interferer.unitType',
  'interferer.onBehalfOf',
  'interferer.retired',
  'specialItems.0',
  'personsPresent.0',
  'noOtherPersonPresent',
  'interferer.inNameOf',
  'interferer.organisation',
  'interferer.originator',
  'interferer.originator.kind',
];

/** A valid record body broken in one to three places (set to a nasty value, deleted, or an unknown key added). */
const mutatedRecord = brokenBody(recordBody(), nasty, PATHS);

async function check(
  path: string,
  body: unknown,
  schema: { safeParse: (v: unknown) => { success: boolean } },
  okStatus: number,
  as?: Record<string, unknown>,
) {
  const r = await h.call('POST', path, {
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...(as ? { as } : {}),
  });
  // A refusal for rights would make this test prove nothing about validation.
  expect(r.status).not.toBe(403);
  expect(r.status, JSON.stringify(body).slice(0, 300)).toBeLessThan(500);
  // Judge what the server receives: JSON drops undefined values.
  const valid = typeof body !== 'string' && schema.safeParse(JSON.parse(JSON.stringify(body))).success;
  if (valid) {
    // Valid by schema but refused by a domain rule (e.g. internal personnel) is still a clear 4xx.
    if (r.status !== okStatus) expect(r.type).toContain('application/problem+json');
    return;
  }
  expect(r.status).toBeGreaterThanOrEqual(400);
  expect(r.type).toContain('application/problem+json');
  expect(r.body.message.zh).toBeTruthy();
  expect(r.body.message.en).toBeTruthy();
  if (r.status === 422) {
    expect(r.body.errors.length).toBeGreaterThan(0);
    for (const e of r.body.errors) expect(e.path).toBeTruthy();
  }
}

/** A route taking an object body: its path, the schema of that body, and a caller it admits. */
type BrokenObjectCase = [
  string,
  { safeParse: (v: unknown) => { success: boolean } },
  Record<string, unknown>,
];

/**
 * Sends `numRuns` objects to each route, made of its schema's own keys (and one it does not
 * know) with nasty values, each one its schema refuses; see check() for what the answer must be.
 */
async function sendBrokenObjects(cases: BrokenObjectCase[], okStatus: number, numRuns: number) {
  for (const [path, schema, as] of cases) {
    const keys = Object.keys((schema as unknown as { shape: Record<string, unknown> }).shape);
    const body = fc
      .dictionary(fc.constantFrom(...keys, 'x'), nasty, { maxKeys: keys.length + 1 })
      .filter((b) => !schema.safeParse(JSON.parse(JSON.stringify(b))).success);
    await fc.assert(
      fc.asyncProperty(body, (b) => check(path, b, schema, okStatus, as)),
      { numRuns },
    );
  }
}

describe('generated bad input (R-NF-7, R-RC-6)', () => {
  it('R-NF-7: 1,200 broken record bodies: never a 5xx, every refusal problem+json naming the field', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedRecord, (b) => check('/v1/records', b, recordBodySchema, 201)),
      { numRuns: 1200 },
    );
  });

  it('R-NF-7: 1,000 broken amendments: never a 5xx, every refusal problem+json naming the field', async () => {
    const amendment = fc
      .record(
        {
          reason: fc.oneof(nasty, fc.constant('更正')),
          changes: fc.oneof(
            nasty,
            fc.dictionary(fc.constantFrom(...RECORD_FIELDS, 'id', 'court'), nasty, { maxKeys: 3 }),
          ),
        },
        { requiredKeys: [] },
      )
      .filter((b) => !amendmentBodySchema.safeParse(b).success);
    await fc.assert(
      fc.asyncProperty(amendment, (b) =>
        check(`/v1/records/${recordId}/amendments`, b, amendmentBodySchema, 201),
      ),
      { numRuns: 1000 },
    );
  });

  // Every other creating route: bodies built from its own field names with nasty values, or valid ones broken.
  const tm = { sub: 'tm-1', division: 'tm', roles: ['trial-management', 'statistician'] };
  const OTHER_ROUTES: [
    string,
    string,
    { safeParse: (v: unknown) => { success: boolean }; shape?: unknown },
    Record<string, unknown> | undefined,
  ][] = [
    ['materials', '/v1/materials', materialReceiptBodySchema, { sub: 'clerk', roles: ['receiving-clerk'] }],
    ['exempt opinions', '/v1/exempt-opinions', exemptOpinionBodySchema, undefined],
    ['accountability', '/v1/accountability-entries', accountabilityBodySchema, tm],
    ['complaints', '/v1/complaints', complaintBodySchema, undefined],
  ];
  for (const [name, path, schema, as] of OTHER_ROUTES) {
    it(`R-NF-7: 1,000 broken ${name} bodies: never a 5xx, every refusal problem+json`, async () => {
      const keys = Object.keys((schema as unknown as { shape: Record<string, unknown> }).shape);
      const body = fc.dictionary(fc.constantFrom(...keys, 'unknownField'), nasty, {
        maxKeys: keys.length + 1,
      });
      await fc.assert(
        fc.asyncProperty(body, (b) => check(path, b, schema, 201, as)),
        { numRuns: 1000 },
      );
    });
  }

  it('R-NF-7, R-RC-4: broken receipt corrections and decisions: never a 5xx, every refusal problem+json', async () => {
    // An entered record of its own with a pending correction, so decisions reach their own code.
    const id = (await h.call('POST', '/v1/records', { body: recordBody({ enter: true }) })).body.id;
    const pending = await h.call('POST', `/v1/records/${id}/receipt-corrections`, {
      body: { receivedAt: '2026-03-03T09:45:00+08:00', reason: '实际收到时间' },
    });
    expect(pending.status).toBe(201);
    const cases: BrokenObjectCase[] = [
      [`/v1/records/${id}/receipt-corrections`, receiptCorrectionBodySchema, {}],
      [
        `/v1/records/${id}/receipt-corrections/${pending.body.id}/decision`,
        receiptCorrectionDecisionBodySchema,
        tm,
      ],
    ];
    await sendBrokenObjects(cases, 201, 300);
    // Nonsense and future times by field (R-RC-4).
    for (const receivedAt of ['0000-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '2030-01-01T00:00:00+08:00']) {
      const r = await h.call('POST', `/v1/records/${id}/receipt-corrections`, {
        body: { receivedAt, reason: '实际收到时间' },
      });
      expect(r.status).toBe(422);
      expect(r.body.errors[0].path).toBe('receivedAt');
    }
  });

  it('R-NF-7: 1,000 broken filing forms, transfers and complaint actions: never a 5xx', async () => {
    const material = (
      await h.call('POST', '/v1/materials', {
        as: { sub: 'clerk', roles: ['receiving-clerk'] },
        body: materialBody(),
      })
    ).body.id;
    const complaint = (await h.call('POST', '/v1/complaints', { body: { against: 'x', description: 'y' } }))
      .body.id;
    const cases: BrokenObjectCase[] = [
      [`/v1/materials/${material}/filing`, filingBodySchema, tm],
      [`/v1/materials/${material}/transfers`, transferBodySchema, tm],
      [
        `/v1/complaints/${complaint}/actions`,
        complaintActionBodySchema,
        // Complaints are handled by discipline inspection unless configured (R-AB-2).
        { sub: 'au', court: 'JL-CC', roles: ['auditor'] },
      ],
    ];
    await sendBrokenObjects(cases, 200, 340);
  });

  it('R-NF-7, R-AC-1: 1,000 broken staff directories, as JSON and as CSV: never a 5xx, every refusal problem+json', async () => {
    // Another court's directory, so the loads do not bind who this file's other requests may name.
    const itAdmin = { sub: 'it', court: 'JL-CC-KC', roles: ['it-admin'] };
    const member = { id: 'judge-x', name: '张三', division: 'civil-1', roles: ['case-handler'] };
    const put = async (body: string, contentType: string) => {
      const r = await h.call('PUT', '/v1/staff', {
        as: itAdmin,
        body,
        headers: { 'content-type': contentType },
      });
      expect(r.status).not.toBe(403);
      expect(r.status, body.slice(0, 300)).toBeLessThan(500);
      if (r.status !== 200) {
        expect(r.type).toContain('application/problem+json');
        expect(r.body.message.zh).toBeTruthy();
        expect(r.body.message.en).toBeTruthy();
        if (r.status === 422) for (const e of r.body.errors) expect(e.path).toBeTruthy();
      }
      return r;
    };
    const memberKeys = [...Object.keys(member), 'activeFrom', 'activeUntil', 'x'];
    const json = fc.oneof(
      nasty,
      fc.record({ staff: fc.oneof(nasty, fc.array(nasty, { maxLength: 3 })) }, { requiredKeys: [] }),
      fc
        .array(fc.dictionary(fc.constantFrom(...memberKeys), nasty, { maxKeys: 4 }), {
          minLength: 1,
          maxLength: 3,
        })
        .map((edits) => ({ staff: edits.map((e) => ({ ...member, ...e })) })),
    );
    await fc.assert(
      fc.asyncProperty(json, async (b) => {
        const r = await put(JSON.stringify(b), 'application/json');
        // Only what the schema accepts is loaded.
        if (r.status === 200) expect(staffDirectoryBodySchema.safeParse(b).success).toBe(true);
      }),
      { numRuns: 600 },
    );
    const csvCell = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.constantFrom(
        '"',
        '""',
        '"a,b"',
        '\r\n',
        '\uFEFF',
        '过'.repeat(200),
        '\u0000',
        'case-handler;auditor',
      ),
    );
    const csv = fc
      .array(fc.array(csvCell, { minLength: 0, maxLength: 7 }), { minLength: 0, maxLength: 5 })
      .map((rows) => ['工号,姓名,部门,角色', ...rows.map((r) => r.join(','))].join('\r\n'));
    await fc.assert(
      fc.asyncProperty(csv, async (b) => {
        await put(b, 'text/csv');
      }),
      { numRuns: 400 },
    );
    // A thousand loads of a directory take minutes on a loaded two-core machine.
  }, 300_000);

  it('R-NF-7: raw garbage, duplicated keys and a huge body are refused cleanly', async () => {
    for (const raw of rawGarbageBodies({ duplicated: 'caseNumber', huge: 'content' })) {
      await check('/v1/records', raw, recordBodySchema, 201);
    }
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), (raw) =>
        check('/v1/records', raw, recordBodySchema, 201),
      ),
      { numRuns: 200 },
    );
  });

  it('R-NF-7: bad ids and bad queries are 4xx, never 5xx', async () => {
    for (const id of [
      'x',
      '1',
      '00000000-0000-0000-0000-000000000000',
      "'%20OR%201=1",
      '%00',
      'a'.repeat(500),
    ]) {
      expect((await h.call('GET', `/v1/records/${id}`)).status).toBeGreaterThanOrEqual(400);
      expect((await h.call('GET', `/v1/records/${id}`)).status).toBeLessThan(500);
      expect((await h.call('POST', `/v1/records/${id}/enter`)).status).toBeLessThan(500);
    }
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.constantFrom('form', 'limit', 'cursor', 'severe', 'receivedFrom', 'specialItem', 'x'),
          fc.string({ maxLength: 40 }),
          { maxKeys: 4 },
        ),
        async (q) => {
          const r = await h.call('GET', `/v1/records?${new URLSearchParams(q)}`);
          expect(r.status).toBeLessThan(500);
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** Every route of the service, from its own OpenAPI document, with ids filled in. */
async function everyRoute(): Promise<{ method: string; path: string; query: string[] }[]> {
  const doc = (await h.call('GET', '/v1/openapi.json', { as: null })).body as {
    paths: Record<string, Record<string, { parameters?: { in: string; name: string }[] }>>;
  };
  const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      method: method.toUpperCase(),
      // Real ids where the route takes one, so the request reaches the route's own code.
      path: path.replace(/\{(\w+)\}/g, (_m, name: string) =>
        name === 'recordId' || name === 'id' ? recordId : crypto.randomUUID(),
      ),
      query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
    })),
  );
  expect(routes.length).toBeGreaterThan(20);
  return routes;
}

const ROLES_FOR_ALL = {
  sub: 'judge-a',
  roles: ['case-handler', 'trial-management', 'statistician', 'auditor', 'receiving-clerk'],
};

describe('hostile bodies and queries on every route (R-NF-7)', () => {
  it('R-NF-7: JSON nested 10,000 deep is a 4xx problem+json on every route, with and without a token', async () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    const deepObject = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
    for (const route of await everyRoute()) {
      if (route.method === 'GET') continue;
      for (const as of [ROLES_FOR_ALL, null])
        for (const body of [deep, deepObject]) {
          const r = await h.call(route.method, route.path, { as, body });
          refusedCleanly(r, `${route.method} ${route.path} ${as ? 'with' : 'without'} token`);
        }
    }
    // The service is still there.
    expect((await h.call('GET', `/v1/records/${recordId}`)).status).toBe(200);
  });

  it('R-NF-7, R-RC-4: a lone surrogate in a body is a 4xx naming the field on every route that takes one', async () => {
    for (const route of await everyRoute()) {
      if (route.method === 'GET') continue;
      for (const raw of ['{"reason":"\\ud800","content":"x"}', '{"x":"a\\udfffb"}', '"\\ud83d"']) {
        const r = await h.call(route.method, route.path, { as: ROLES_FOR_ALL, body: raw });
        refusedCleanly(r, `${route.method} ${route.path} ${raw}`);
      }
    }
    const count = await h.db
      .selectFrom('records')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('content', 'like', '%\ufffd%')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('R-NF-7: NUL in a query string is a 4xx problem+json on every route', async () => {
    for (const route of await everyRoute()) {
      for (const name of [...route.query, 'q']) {
        for (const value of ['%00', 'a%00b', '%00%00']) {
          const r = await h.call(route.method, `${route.path}?${encodeURIComponent(name)}=${value}`, {
            as: ROLES_FOR_ALL,
            ...(route.method === 'GET' ? {} : { body: '{}' }),
          });
          refusedCleanly(r, `${route.method} ${route.path}?${name}=${value}`);
        }
      }
    }
  });

  it('R-NF-7: a lone surrogate in a query string (ill-formed UTF-8 percent-encoding) is never a 5xx', async () => {
    // A URL cannot carry a lone surrogate as such: it arrives as the UTF-8 bytes of one (or a cut-off
    // sequence), which the query parser keeps as the literal text "%ED%A0%80". That text is harmless,
    // so routes may answer it; what they may not do is fail or answer anything but problem+json.
    for (const route of await everyRoute()) {
      for (const name of [...route.query, 'q']) {
        for (const value of ['%ED%A0%80', '%ED%BF%BF', '%F0%9F', '%C0%80']) {
          const r = await h.call(route.method, `${route.path}?${encodeURIComponent(name)}=${value}`, {
            as: ROLES_FOR_ALL,
            ...(route.method === 'GET' ? {} : { body: '{}' }),
          });
          const what = `${route.method} ${route.path}?${name}=${value}`;
          expect(r.status, what).toBeLessThan(500);
          if (r.status >= 400) expect(r.type, what).toContain('application/problem+json');
          expect(JSON.stringify(r.body), what).not.toContain('\ufffd');
        }
      }
    }
  });
});
