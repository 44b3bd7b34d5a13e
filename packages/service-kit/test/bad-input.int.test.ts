import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@jir/testing';
import { createDatabase, type Database } from '../src/index.js';
import { createExampleApp, producerMigrations, type ProducerDB } from './example/example-service.js';
import { logger, serve, testKeys } from './harness.js';

// Input an attacker controls that used to end in a 500 (or a crash): each must
// be a 4xx problem+json naming what was wrong, whether or not a token is sent.

let tdb: TestDatabase;
let db: Database<ProducerDB>;
let base: string;
let close: () => Promise<void>;
const keys = testKeys();
let auth: Record<string, string>;

beforeAll(async () => {
  tdb = await createTestDatabase({ migrations: producerMigrations });
  db = createDatabase<ProducerDB>(tdb.url);
  // A body limit the deep bodies fit in, so it is the depth that is refused.
  const app = createExampleApp({ db: db.db, logger, verifier: keys.verifier, bodyLimit: '1mb' });
  ({ url: base, close } = await serve(app));
  auth = { authorization: `Bearer ${await keys.token()}` };
});
afterAll(async () => {
  await close();
  await db.close();
  await tdb.drop();
});

interface Answer {
  status: number;
  type: string;
  body: any;
}

async function send(path: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(`${base}${path}`, init);
  const text = await res.text();
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    body: text ? JSON.parse(text) : null,
  };
}

const postNote = (body: string, headers: Record<string, string> = auth) =>
  send('/v1/notes', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

function expectProblem(r: Answer, status: number, code: string) {
  expect(r.status).toBe(status);
  expect(r.type).toContain('application/problem+json');
  expect(r.body).toMatchObject({ status, code, type: `urn:jir:problem:${code}` });
  expect(r.body.message.zh).toMatch(/[\u4e00-\u9fff]/);
  expect(r.body.message.en).toMatch(/[a-z]/);
}

async function noteCount(): Promise<number> {
  const r = await db.db
    .selectFrom('notes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

describe('R-NF-7: deeply nested JSON', () => {
  const deep = (n: number) => `{"caseNumber":"x","content":"y","extra":${'['.repeat(n)}${']'.repeat(n)}}`;

  it('R-NF-7: JSON nested 10,000 deep is a 400, with a token and without one', async () => {
    expectProblem(await postNote(deep(10_000)), 400, 'json-too-deep');
    expectProblem(await postNote(deep(10_000), {}), 400, 'json-too-deep');
    const objects = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    expectProblem(await postNote(objects), 400, 'json-too-deep');
    // The service still answers afterwards.
    expect((await send('/healthz')).status).toBe(200);
  });

  it('R-NF-7: the limit is 64 levels; brackets inside strings do not count', async () => {
    expectProblem(await postNote(deep(64)), 400, 'json-too-deep');
    const r = await postNote(deep(63));
    expect(r.status).toBe(201);
    const brackets = await postNote(JSON.stringify({ caseNumber: 'x', content: `[{\\"${'['.repeat(5000)}` }));
    expect(brackets.status).toBe(201);
  });

  it('R-NF-7: a body that is not UTF-8 is a 400, not silently replaced by U+FFFD', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"caseNumber":"x","content":"'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}'),
    ]);
    const res = await fetch(`${base}/v1/notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: bytes,
    });
    expectProblem(
      { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.json() },
      400,
      'invalid-encoding',
    );
  });
});

describe('R-NF-7: lone surrogates in a JSON body', () => {
  it('R-NF-7: a lone surrogate in any string is a 400 naming the field; nothing is stored', async () => {
    const before = await noteCount();
    const r = await postNote('{"caseNumber":"a","content":"x\\ud800y"}');
    expectProblem(r, 400, 'invalid-unicode');
    expect(r.body.errors.map((e: { path: string }) => e.path)).toEqual(['content']);
    expect(r.body.errors[0].message.zh).toContain('content');

    const nested = await postNote('{"caseNumber":"a","content":"ok","more":{"list":["fine","\\udfff"]}}');
    expectProblem(nested, 400, 'invalid-unicode');
    expect(nested.body.errors[0].path).toBe('more.list[1]');

    const key = await postNote('{"caseNumber":"a","content":"ok","\\ud83d":1}');
    expectProblem(key, 400, 'invalid-unicode');
    expect(await noteCount()).toBe(before);
  });

  it('R-NF-7: a body with both a lone surrogate and a NUL is a 400 naming only the surrogates', async () => {
    const r = await postNote('{"caseNumber":"a\\u0000","content":"x\\ud800","tag":"\\udc00"}');
    expectProblem(r, 400, 'invalid-unicode');
    expect(r.body.errors.map((e: { path: string; code: string }) => [e.path, e.code]).sort()).toEqual([
      ['content', 'lone_surrogate'],
      ['tag', 'lone_surrogate'],
    ]);
    expect(r.body.errors[0].message.en).toContain('lone UTF-16 surrogate');
    const nul = await postNote('{"caseNumber":"a\\u0000","content":"x"}');
    expectProblem(nul, 422, 'validation-failed');
    expect(nul.body.errors).toEqual([
      expect.objectContaining({ path: 'caseNumber', code: 'invalid_character' }),
    ]);
    expect(nul.body.errors[0].message).toEqual({
      zh: '字段 caseNumber：不得包含空字符 (U+0000)',
      en: 'field caseNumber: must not contain the NUL character (U+0000)',
    });
  });

  it('R-NF-7: a surrogate pair (an emoji) is accepted and stored unchanged', async () => {
    const r = await postNote('{"caseNumber":"pair","content":"\\ud83d\\ude00"}');
    expect(r.status).toBe(201);
    const row = await db.db
      .selectFrom('notes')
      .select('content')
      .where('id', '=', r.body.id)
      .executeTakeFirstOrThrow();
    expect(row.content).toBe('😀');
  });
});

describe('R-NF-7: NUL in query strings', () => {
  it('R-NF-7: a NUL in a list query is a 400 naming the parameter', async () => {
    const r = await send('/v1/notes?caseNumber=a%00b', { headers: auth });
    expectProblem(r, 400, 'invalid-query');
    expect(r.body.errors.map((e: { path: string }) => e.path)).toEqual(['query.caseNumber']);
    // Also when the parameter is repeated, and before authentication.
    expectProblem(
      await send('/v1/notes?caseNumber=a&caseNumber=%00', { headers: auth }),
      400,
      'invalid-query',
    );
    expectProblem(await send('/v1/notes?caseNumber=%00'), 400, 'invalid-query');
  });

  it('R-NF-7: a query value whose percent-encoding is not valid UTF-8 is a 400 naming the parameter', async () => {
    for (const q of ['caseNumber=%ED%A0%80', 'caseNumber=%E0%A4%A', 'caseNumber=%zz', 'case%FFNumber=x']) {
      const r = await send(`/v1/notes?${q}`, { headers: auth });
      expectProblem(r, 400, 'invalid-query');
      expect(r.body.errors[0].code).toBe('invalid_encoding');
    }
    const r = await send('/v1/notes?caseNumber=%ED%A0%80', { headers: auth });
    expect(r.body.errors.map((e: { path: string }) => e.path)).toEqual(['query.caseNumber']);
  });

  it('R-NF-7: each bad parameter is named as the client wrote it, at most twenty, malformed encodings first', async () => {
    const paths = (r: Answer) => r.body.errors.map((e: { path: string }) => e.path);
    // A name holding a NUL is named with the NUL escaped, whether its value is bad or not.
    const nulName = await send('/v1/notes?a%00b=1', { headers: auth });
    expectProblem(nulName, 400, 'invalid-query');
    expect(paths(nulName)).toEqual(['query.a\\u0000b']);
    expect(nulName.body.errors[0]).toMatchObject({
      code: 'invalid_character',
      message: { zh: expect.stringContaining('query.a\\u0000b'), en: expect.stringContaining('NUL') },
    });
    expect(paths(await send('/v1/notes?a%00b=%zz', { headers: auth }))).toEqual(['query.a\\u0000b']);
    // A '+' is a space in a name; a long name is cut to 100 characters.
    expect(paths(await send('/v1/notes?case+no=%zz', { headers: auth }))).toEqual(['query.case no']);
    const long = 'n'.repeat(150);
    expect(paths(await send(`/v1/notes?${long}=%zz`, { headers: auth }))).toEqual([
      `query.${long.slice(0, 100)}`,
    ]);
    // A value is checked whole, '=' and all: two halves of one character around an '=' are not one.
    expectProblem(await send('/v1/notes?caseNumber=%E4%B8=%AD', { headers: auth }), 400, 'invalid-query');
    // Once an encoding is malformed, only the malformed parameters are named.
    const both = await send('/v1/notes?a=%zz&b=%00', { headers: auth });
    expect(both.body.errors.map((e: { path: string; code: string }) => [e.path, e.code])).toEqual([
      ['query.a', 'invalid_encoding'],
    ]);
    const many = Array.from({ length: 25 }, (_, i) => `p${i}=%zz`).join('&');
    const r = await send(`/v1/notes?${many}`, { headers: auth });
    expectProblem(r, 400, 'invalid-query');
    expect(r.body.errors[0]).toMatchObject({
      code: 'invalid_encoding',
      message: {
        zh: expect.stringContaining('query.p0'),
        en: 'parameter query.p0: percent-encoding is not valid UTF-8',
      },
    });
    expect(paths(r)).toEqual(Array.from({ length: 20 }, (_, i) => `query.p${i}`));
  });

  it('R-NF-7: several parameters holding a NUL are each named, at most twenty', async () => {
    const paths = (r: Answer) => r.body.errors.map((e: { path: string }) => e.path);
    const two = await send('/v1/notes?caseNumber=a%00&q=ok&state=%00b', { headers: auth });
    expectProblem(two, 400, 'invalid-query');
    expect(paths(two)).toEqual(['query.caseNumber', 'query.state']);
    const long = 'n'.repeat(150);
    expect(paths(await send(`/v1/notes?${long}=%00`, { headers: auth }))).toEqual([
      `query.${long.slice(0, 100)}`,
    ]);
    const many = Array.from({ length: 25 }, (_, i) => `p${i}=%00`).join('&');
    expect(paths(await send(`/v1/notes?${many}`, { headers: auth }))).toEqual(
      Array.from({ length: 20 }, (_, i) => `query.p${i}`),
    );
  });

  it('R-NF-7: a percent-encoded Chinese case number is an ordinary query', async () => {
    const caseNumber = `（2026）吉民初${crypto.randomUUID()}号`;
    expect((await postNote(JSON.stringify({ caseNumber, content: '来电' }))).status).toBe(201);
    const r = await send(`/v1/notes?caseNumber=${encodeURIComponent(caseNumber)}&x=a+b`, { headers: auth });
    expect(r.status).toBe(200);
    expect(r.body.items).toHaveLength(1);
  });

  it('R-NF-7: an ordinary query still works', async () => {
    // A case number of its own, so the answer does not depend on what other tests stored.
    const caseNumber = `query-${crypto.randomUUID()}`;
    expect((await postNote(JSON.stringify({ caseNumber, content: '来电' }))).status).toBe(201);
    const r = await send(`/v1/notes?caseNumber=${encodeURIComponent(caseNumber)}`, { headers: auth });
    expect(r.status).toBe(200);
    expect(r.body.items).toHaveLength(1);
  });
});

describe('R-NF-7: malformed paths', () => {
  it('R-NF-7: a malformed percent-encoding in a path is a 400, not a 500', async () => {
    for (const p of ['/v1/notes/%E0%A4%A', '/v1/notes/%', '/v1/notes/%zz', '/v1/notes/%ED%A0%80']) {
      expectProblem(await send(p, { headers: auth }), 400, 'malformed-path');
      expectProblem(await send(p), 400, 'malformed-path');
    }
  });

  it('R-NF-7: a NUL in a path is a 400; a well-formed path reaches the route', async () => {
    expectProblem(await send('/v1/notes/a%00b', { headers: auth }), 400, 'malformed-path');
    expectProblem(await send(`/v1/notes/${encodeURIComponent('没有')}`, { headers: auth }), 404, 'not-found');
  });
});
