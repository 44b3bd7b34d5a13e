import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@jir/testing';
import { createDatabase, type Database } from '../src/index.js';
import { createExampleApp, producerMigrations, type ProducerDB } from './example/example-service.js';
import { logger, serve, testKeys } from './harness.js';

let tdb: TestDatabase;
let db: Database<ProducerDB>;
let base: string;
let close: () => Promise<void>;
const keys = testKeys();

beforeAll(async () => {
  tdb = await createTestDatabase({ migrations: producerMigrations });
  db = createDatabase<ProducerDB>(tdb.url);
  ({ url: base, close } = await serve(createExampleApp({ db: db.db, logger, verifier: keys.verifier })));
});
afterAll(async () => {
  await close();
  await db.close();
  await tdb.drop();
});

async function post(body: string | object, headers: Record<string, string> = {}) {
  const token = await keys.token();
  const res = await fetch(`${base}/v1/notes`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    headers: res.headers,
    body: text ? JSON.parse(text) : null,
  };
}

function expectProblem(r: { status: number; type: string; body: any }, status: number, code: string) {
  expect(r.status).toBe(status);
  expect(r.type).toContain('application/problem+json');
  expect(r.body).toMatchObject({ status, code, type: `urn:jir:problem:${code}` });
  expect(r.body.message.zh).toMatch(/[\u4e00-\u9fff]/);
  expect(r.body.message.en).toMatch(/[a-z]/);
  expect(JSON.stringify(r.body)).not.toMatch(/at .*\.(ts|js):\d+/);
}

describe('HTTP kit: problem+json (R-RC-6, R-NF-7)', () => {
  it('R-RC-6: a valid note is created', async () => {
    const r = await post({ caseNumber: '(2026)吉0102民初1号', content: '某局长来电' });
    expect(r.status).toBe(201);
    expect(r.body.seqInCase).toBe(1);
  });

  it('R-RC-6: each bad field is named, in Chinese and English, and nothing is stored', async () => {
    const before = await db.db
      .selectFrom('notes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const r = await post({ caseNumber: 12, content: '' });
    expectProblem(r, 422, 'validation-failed');
    expect(r.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['caseNumber', 'content']);
    expect(r.body.errors[0].message.zh).toContain('字段');
    const after = await db.db
      .selectFrom('notes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('R-NF-7: malformed JSON is a 400, not a 500', async () => {
    expectProblem(await post('{"caseNumber": "x",'), 400, 'malformed-json');
    expectProblem(await post('"just a string"'), 400, 'malformed-json');
  });

  it('R-NF-7: a body that is JSON but not an object is refused as such', async () => {
    expectProblem(await post('[1,2,3]'), 422, 'validation-failed');
    expectProblem(await post('null'), 400, 'malformed-json');
  });

  it('R-NF-7: a NUL character, which PostgreSQL cannot store, is a 422 naming the field', async () => {
    const r = await post('{"caseNumber":"a","content":"x\\u0000y"}');
    expectProblem(r, 422, 'validation-failed');
    expect(r.body.errors[0].path).toBe('content');
  });

  it('R-NF-7: the wrong content type is a 415', async () => {
    expectProblem(
      await post('caseNumber=x', { 'content-type': 'application/x-www-form-urlencoded' }),
      415,
      'unsupported-media-type',
    );
    expectProblem(await post('{}', { 'content-type': 'text/plain' }), 415, 'unsupported-media-type');
  });

  it('R-NF-7: an oversize body is a 413', async () => {
    expectProblem(await post({ caseNumber: 'x', content: '过'.repeat(20_000) }), 413, 'payload-too-large');
  });

  it('R-NF-7: an unknown route is a 404 problem; an unexpected error is a 500 without internals', async () => {
    const r = await fetch(`${base}/v1/nothing-here`);
    expect(r.status).toBe(404);
    expect(((await r.json()) as { code: string }).code).toBe('route-not-found');
    const boom = await fetch(`${base}/v1/boom`);
    const body = await boom.text();
    expect(boom.status).toBe(500);
    expect(body).not.toContain('secret internals');
    expect(JSON.parse(body).code).toBe('internal-error');
  });

  it('R-NF-7: a duplicated key, SQL-looking text and emoji are plain data', async () => {
    const r = await post(`{"caseNumber":"a","caseNumber":"'; DROP TABLE notes; --","content":"😀𠀀\\u202e"}`);
    expect(r.status).toBe(201);
    const row = await db.db
      .selectFrom('notes')
      .selectAll()
      .where('id', '=', r.body.id)
      .executeTakeFirstOrThrow();
    expect(row.case_number).toBe("'; DROP TABLE notes; --");
  });
});

describe('HTTP kit: authentication and rights (R-AC-1)', () => {
  it('R-AC-1: no token, a malformed one, or one signed by another key is a 401', async () => {
    const noAuth = await fetch(`${base}/v1/notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(noAuth.status).toBe(401);
    expect(noAuth.headers.get('www-authenticate')).toBe('Bearer');
    expectProblem(await post({}, { authorization: 'Bearer not.a.jwt' }), 401, 'unauthenticated');
    const other = testKeys();
    expectProblem(await post({}, { authorization: `Bearer ${await other.token()}` }), 401, 'unauthenticated');
  });

  it('R-AC-1: an expired token is a 401', async () => {
    const { signUserToken } = await import('../src/index.js');
    const t = await signUserToken(
      keys.privateKeyPem,
      { sub: 'u', court: 'JL-CC-NG', roles: ['case-handler'] },
      { expiresIn: '-1m' },
    );
    expectProblem(await post({}, { authorization: `Bearer ${t}` }), 401, 'unauthenticated');
  });

  it('R-AC-1: a token naming a court outside the court configuration is a 403, with a token of a known court accepted', async () => {
    const { createTokenVerifier } = await import('../src/index.js');
    const { DEFAULT_COURTS } = await import('@jir/rules');
    const verifier = createTokenVerifier({ publicKeyPem: keys.publicKeyPem, courts: DEFAULT_COURTS });
    const app = await serve(createExampleApp({ db: db.db, logger, verifier }));
    try {
      const send = async (court: string) => {
        const res = await fetch(`${app.url}/v1/notes`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${await keys.token({ court })}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ caseNumber: 'court-check', content: 'x' }),
        });
        return {
          status: res.status,
          type: res.headers.get('content-type') ?? '',
          body: (await res.json()) as any,
        };
      };
      const r = await send('XX-NOWHERE');
      expectProblem(r, 403, 'forbidden');
      expect(r.body.message.en).toContain('court configuration');
      expect((await send('JL-CC-KC')).status).toBe(201);
    } finally {
      await app.close();
    }
  });

  it('R-AC-1: a valid token without the right is a 403', async () => {
    for (const roles of [['it-admin'], ['supervisor'], ['statistician'], []]) {
      const t = await keys.token({ roles });
      expectProblem(
        await post({ caseNumber: 'x', content: 'y' }, { authorization: `Bearer ${t}` }),
        403,
        'forbidden',
      );
    }
  });
});

describe('HTTP kit: Idempotency-Key', () => {
  it('a retry returns the first answer and creates nothing new', async () => {
    const h = { 'idempotency-key': `k-${Date.now()}` };
    const a = await post({ caseNumber: 'idem-1', content: 'x' }, h);
    const b = await post({ caseNumber: 'idem-1', content: 'x' }, h);
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body).toEqual(a.body);
    expect(b.headers.get('idempotent-replayed')).toBe('true');
    const n = await db.db
      .selectFrom('notes')
      .where('case_number', '=', 'idem-1')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);
  });

  it('R-PV-3: twenty concurrent retries create exactly one note and one event; nineteen are marked replayed', async () => {
    const h = { 'idempotency-key': `c-${crypto.randomUUID()}` };
    const caseNumber = `idem-2-${crypto.randomUUID()}`;
    const rs = await Promise.all(Array.from({ length: 20 }, () => post({ caseNumber, content: 'x' }, h)));
    expect(rs.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(rs.map((r) => r.body.id)).size).toBe(1);
    // Exactly one answer is the original; every other is the stored answer, and says so.
    const marks = rs.map((r) => r.headers.get('idempotent-replayed'));
    expect({
      original: marks.filter((m) => m === null).length,
      replayed: marks.filter((m) => m === 'true').length,
    }).toEqual({ original: 1, replayed: 19 });
    const n = await db.db
      .selectFrom('notes')
      .where('case_number', '=', caseNumber)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);
    const events = await db.db
      .selectFrom('outbox')
      .select('id')
      .where('aggregate_id', '=', caseNumber)
      .execute();
    expect(events).toHaveLength(1);
  });

  it('the same key with another body is refused', async () => {
    const h = { 'idempotency-key': `d-${Date.now()}` };
    await post({ caseNumber: 'idem-3', content: 'x' }, h);
    expectProblem(await post({ caseNumber: 'idem-3', content: 'changed' }, h), 422, 'idempotency-key-reused');
  });

  it('a refused request is replayed as refused, and the key belongs to its user only', async () => {
    const h = { 'idempotency-key': `e-${Date.now()}` };
    const a = await post({ caseNumber: '' }, h);
    const b = await post({ caseNumber: '' }, h);
    expect([a.status, b.status]).toEqual([422, 422]);
    expect([a.headers.get('idempotent-replayed'), b.headers.get('idempotent-replayed')]).toEqual([
      null,
      'true',
    ]);
    expect(b.type).toContain('application/problem+json');
    expect(b.body).toEqual(a.body);
    const other = await keys.token({ sub: 'judge-b' });
    const c = await post({ caseNumber: 'idem-4', content: 'x' }, { ...h, authorization: `Bearer ${other}` });
    expect(c.status).toBe(201);
  });

  it('a malformed key is a 400', async () => {
    expectProblem(
      await post({ caseNumber: 'x', content: 'y' }, { 'idempotency-key': 'x'.repeat(201) }),
      400,
      'bad-request',
    );
  });
});

describe('HTTP kit: health, readiness, metrics', () => {
  it('healthz, readyz with the database check, and Prometheus metrics', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { database: 'ok' } });
    // A created note of its own, so the counter exists whatever ran before.
    expect((await post({ caseNumber: `metrics-${crypto.randomUUID()}`, content: '来电' })).status).toBe(201);
    const m = await (await fetch(`${base}/metrics`)).text();
    expect(m).toMatch(/http_requests_total\{.*route="\/v1\/notes".*status="201"/);
    expect(m).toContain('outbox_backlog');
    expect(
      (await fetch(`${base}/healthz`, { headers: { 'x-request-id': 'req-42' } })).headers.get('x-request-id'),
    ).toBe('req-42');
  });
});
