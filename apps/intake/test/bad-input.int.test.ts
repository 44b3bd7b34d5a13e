import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  amendmentBodySchema,
  exemptOpinionBodySchema,
  filingBodySchema,
  materialReceiptBodySchema,
  recordBodySchema,
  transferBodySchema,
} from '@jir/contracts';
import { accountabilityBodySchema } from '../src/accountability/accountability.service.js';
import { complaintActionBodySchema, complaintBodySchema } from '../src/complaints/complaints.service.js';
import { intakeHarness, recordBody, type IntakeHarness } from './harness.js';

let h: IntakeHarness;
let recordId: string;
beforeAll(async () => {
  h = await intakeHarness();
  recordId = (await h.call('POST', '/v1/records', { body: recordBody({ enter: true }) })).body.id;
});
afterAll(() => h.close());

/** Values that break things: wrong types, Chinese, emoji, huge and SQL-looking strings, control characters. */
const nasty = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constant(''),
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.constantFrom(
    "'; DROP TABLE records; --",
    '\u0000',
    '😀'.repeat(500),
    '过'.repeat(30_000),
    '../../etc/passwd',
    '{"$gt":""}',
    '\u202e',
    'NaN',
  ),
  fc.array(fc.string(), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }), { maxKeys: 3 }),
);

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
];

function setPath(obj: Record<string, any>, path: string, value: unknown) {
  const keys = path.split('.');
  let o = obj;
  for (const k of keys.slice(0, -1)) {
    if (typeof o[k] !== 'object' || o[k] === null) o[k] = {};
    o = o[k];
  }
  o[keys[keys.length - 1]!] = value;
}

/** A valid body broken in one to three places (set to a nasty value, deleted, or an unknown key added). */
const mutatedRecord = fc
  .array(fc.tuple(fc.constantFrom(...PATHS, 'unknownField'), fc.oneof(nasty, fc.constant(undefined))), {
    minLength: 1,
    maxLength: 3,
  })
  .map((edits) => {
    const body: Record<string, any> = structuredClone(recordBody());
    for (const [p, v] of edits) setPath(body, p, v);
    return body;
  });

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

  it('R-NF-7: 1,000 broken filing forms, transfers and complaint actions: never a 5xx', async () => {
    const material = (
      await h.call('POST', '/v1/materials', {
        as: { sub: 'clerk', roles: ['receiving-clerk'] },
        body: {
          caseNumber: '(2026)吉0102民初5号',
          description: 'x',
          sender: { name: 'a', unit: 'b', position: 'c' },
          form: 'letter',
          receivedAt: '2026-03-03T09:00:00+08:00',
        },
      })
    ).body.id;
    const complaint = (await h.call('POST', '/v1/complaints', { body: { against: 'x', description: 'y' } }))
      .body.id;
    const cases: [string, { safeParse: (v: unknown) => { success: boolean } }, Record<string, unknown>][] = [
      [`/v1/materials/${material}/filing`, filingBodySchema, tm],
      [`/v1/materials/${material}/transfers`, transferBodySchema, tm],
      [
        `/v1/complaints/${complaint}/actions`,
        complaintActionBodySchema,
        { sub: 'st', court: 'JL-CC', roles: ['statistician'] },
      ],
    ];
    for (const [path, schema, as] of cases) {
      const keys = Object.keys((schema as unknown as { shape: Record<string, unknown> }).shape);
      const body = fc
        .dictionary(fc.constantFrom(...keys, 'x'), nasty, { maxKeys: keys.length + 1 })
        .filter((b) => !schema.safeParse(JSON.parse(JSON.stringify(b))).success);
      await fc.assert(
        fc.asyncProperty(body, (b) => check(path, b, schema, 200, as)),
        { numRuns: 340 },
      );
    }
  });

  it('R-NF-7: raw garbage, duplicated keys and a huge body are refused cleanly', async () => {
    for (const raw of [
      '',
      '{',
      '{"a":1}}',
      '\u0000',
      'null',
      '[]',
      '"text"',
      '{"caseNumber":1,"caseNumber":2}',
      `{"content":"${'x'.repeat(300_000)}"}`,
    ]) {
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
