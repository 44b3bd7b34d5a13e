// The Idempotency-Key middleware in this process, against real PostgreSQL: what a retry gets back,
// when it runs again, how long it waits, whose key is whose, and what happens when the first
// attempt is overtaken, fails, goes away or cannot store its answer. Routes here are scripted by
// their body (status, answer, hold) so that each rule of the middleware can be driven directly.
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Request, RequestHandler, Response } from 'express';
import { sql, type Kysely } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, waitFor, type TestDatabase } from '@jir/testing';
import {
  UnitOfWork,
  actorOf,
  authenticate,
  createDatabase,
  createHttpApp,
  createLogger,
  createMetrics,
  idempotency,
  problem,
  systemClock,
  type Database,
  type KitTables,
} from '../src/index.js';
import { producerMigrations, type ProducerDB } from './example/example-service.js';
import { serve, testKeys } from './harness.js';

type DB = ProducerDB & KitTables;

const keys = testKeys();
/** Error lines the app logged, as JSON: an answer that could not be kept must be reported. */
const errorLines: Record<string, unknown>[] = [];
const logger = createLogger({
  service: 'idempotency-test',
  level: 'error',
  destination: { write: (line: string) => void errorLines.push(JSON.parse(line) as Record<string, unknown>) },
});
let tdb: TestDatabase;
let db: Database<ProducerDB>;
let base: string;
let close: () => Promise<void>;

/** How often each scripted request ran, by its tag: a replay must not run the handler. */
const runs = new Map<string, number>();
/** Tags whose reason for refusal is gone (rememberRefusals: false). */
const ready = new Set<string>();

const LEASE_MS = 400;
const WAIT_MS = 300;

interface Script {
  tag: string;
  status?: number;
  answer?: unknown;
  holdMs?: number;
  /** Holds only the first run of the tag, so a retry of the same body does not. */
  holdFirstMs?: number;
  send?: 'buffer' | 'text-buffer' | 'empty' | 'refuse' | 'unstorable';
  /** Refused with this status until the test marks the tag ready. */
  refuseUntilReady?: number;
}

function ran(tag: string): number {
  const n = (runs.get(tag) ?? 0) + 1;
  runs.set(tag, n);
  return n;
}

const scripted: RequestHandler = async (req, res) => {
  const s = req.body as Script;
  const n = ran(s.tag);
  if (s.holdMs) await sleep(s.holdMs);
  if (s.holdFirstMs && n === 1) await sleep(s.holdFirstMs);
  if (s.refuseUntilReady && !ready.has(s.tag)) {
    throw problem({
      status: s.refuseUntilReady,
      code: 'not-yet-known',
      message: { zh: '尚未收到该记录，请稍后重试', en: 'this record is not known here yet; retry shortly' },
    });
  }
  res.status(s.status ?? 201);
  switch (s.send) {
    case 'buffer':
      res.type('application/json').send(Buffer.from(JSON.stringify(s.answer ?? { tag: s.tag, run: n })));
      return;
    case 'text-buffer':
      res.type('text/plain').send(Buffer.from(`run ${n} of ${s.tag}`));
      return;
    case 'empty':
      res.send();
      return;
    case 'refuse':
      throw problem('bad-request');
    case 'unstorable':
      // PostgreSQL's jsonb cannot hold U+0000.
      res.json({ text: `a\u0000b run ${n}` });
      return;
    default:
      res.json(s.answer ?? { tag: s.tag, run: n });
  }
};

/** A streamed upload: the body is not parsed, the declared digest identifies the request. */
const declared = (req: Request) => String(req.headers['x-content-sha256'] ?? '');
async function digestOf(req: Request): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of req) h.update(chunk as Buffer);
  return h.digest('hex');
}
const upload: RequestHandler = async (req, res) => {
  ran(`upload-${declared(req)}`);
  const sha256 = await digestOf(req);
  if (sha256 !== declared(req)) {
    throw problem({
      status: 400,
      code: 'digest-mismatch',
      message: { zh: '内容与声明的摘要不符', en: 'the content does not match its declared digest' },
    });
  }
  res.status(201).json({ sha256, id: crypto.randomUUID() });
};
async function confirmUpload(req: Request, _res: Response, answer: unknown): Promise<void> {
  if ((await digestOf(req)) !== (answer as { sha256: string }).sha256) {
    throw problem({
      status: 422,
      code: 'content-mismatch',
      message: { zh: '重试的内容与首次上传不同', en: 'the retry sent other content than the first upload' },
    });
  }
}

interface NoteScript {
  caseNumber: string;
  mode?: 'status-after' | 'reshape' | 'twice' | 'hold-after';
  holdFirstMs?: number;
  holdAfterMs?: number;
}

beforeAll(async () => {
  tdb = await createTestDatabase({ migrations: producerMigrations });
  db = createDatabase<ProducerDB>(tdb.url);
});
// Each test builds its own app, so the middleware's options are read while the test runs: a
// mutation of how they are read is then seen by the test (built once, it would not be).
beforeEach(async () => {
  const kdb = db.db as unknown as Kysely<DB>;
  const work = new UnitOfWork<DB>({ db: kdb, clock: systemClock });
  const addNote: RequestHandler = async (req, res) => {
    const b = req.body as NoteScript;
    const actor = actorOf(res);
    const n = ran(b.caseNumber);
    if (b.holdFirstMs && n === 1) await sleep(b.holdFirstMs);
    const note = () =>
      work.run(async (w) => {
        const id = crypto.randomUUID();
        await sql`INSERT INTO notes (id, court, handler, case_number, content, seq_in_case)
          VALUES (${id}, ${actor.court}, ${actor.sub}, ${b.caseNumber}, 'x', 1)`.execute(w.trx);
        return { id };
      });
    if (b.mode === 'status-after') {
      // The status is set only after the commit, so the answer stored with the change says 200.
      const answer = await note();
      res.status(201).json(answer);
      return;
    }
    res.status(201);
    const answer = await note();
    if (b.mode === 'reshape') res.json({ ...answer, self: `/v1/notes/${answer.id}` });
    else if (b.mode === 'twice') res.json({ ids: [answer.id, (await note()).id] });
    else {
      if (b.mode === 'hold-after') await sleep(b.holdAfterMs ?? 0);
      res.json(answer);
    }
  };

  const auth = authenticate(keys.verifier);
  const app = createHttpApp({
    logger,
    metrics: createMetrics('idempotency-test', { defaultMetrics: false }),
    trustedProxies: ['loopback'],
    rawBodyPaths: [/^\/v1\/uploads$/],
    routes(a) {
      a.post('/v1/echo', auth, idempotency({ db: kdb }), scripted);
      a.post('/v1/echo-too', auth, idempotency({ db: kdb }), scripted);
      a.post('/v1/short-lease', auth, idempotency({ db: kdb, leaseMs: LEASE_MS }), scripted);
      a.post('/v1/short-wait', auth, idempotency({ db: kdb, waitMs: WAIT_MS }), scripted);
      a.post('/v1/forgetful', auth, idempotency({ db: kdb, rememberRefusals: false }), scripted);
      a.post('/v1/anonymous', idempotency({ db: kdb }), scripted);
      a.post(
        '/v1/uploads',
        auth,
        idempotency({
          db: kdb,
          requestHash: (req) => `${req.path} ${declared(req)}`,
          confirmReplay: confirmUpload,
        }),
        upload,
      );
      a.post('/v1/notes', auth, idempotency({ db: kdb }), addNote);
      a.post('/v1/notes-short-lease', auth, idempotency({ db: kdb, leaseMs: LEASE_MS }), addNote);
    },
  });
  ({ url: base, close } = await serve(app));
});
afterEach(async () => {
  await close?.();
});
afterAll(async () => {
  await db?.close();
  await tdb?.drop();
});

interface Answer {
  status: number;
  type: string;
  replayed: string | null;
  requestId: string | null;
  body: any;
  /** When the answer arrived (ms since the epoch). */
  at: number;
}

async function post(
  path: string,
  body: object | string,
  opts: { key?: string; headers?: Record<string, string>; token?: string | null; signal?: AbortSignal } = {},
): Promise<Answer> {
  const token = opts.token === undefined ? await keys.token() : opts.token;
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(opts.key !== undefined ? { 'idempotency-key': opts.key } : {}),
      ...opts.headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON: kept as text.
  }
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    replayed: res.headers.get('idempotent-replayed'),
    requestId: res.headers.get('x-request-id'),
    body: parsed,
    at: Date.now(),
  };
}

const uid = () => crypto.randomUUID();

/** Resolves once the handler took up the first request of `tag` (so its key is claimed). */
const started = (tag: string) => waitFor(() => runs.get(tag) === 1, { what: `the first run of ${tag}` });

/** Sends a request and goes away (aborts) once `ready` resolves, before its answer. */
async function postAndGoAway(path: string, body: object, key: string, ready: () => Promise<unknown>) {
  const gone = new AbortController();
  const sent = post(path, body, { key, signal: gone.signal });
  await ready();
  gone.abort();
  await expect(sent).rejects.toThrow();
}

function expectProblem(r: Answer, status: number, code: string) {
  expect(r.status).toBe(status);
  expect(r.type).toContain('application/problem+json');
  expect(r.body).toMatchObject({ status, code, type: `urn:jir:problem:${code}` });
}

async function notes(caseNumber: string) {
  return db.db.selectFrom('notes').select('id').where('case_number', '=', caseNumber).execute();
}

describe('Idempotency-Key: what a retry gets (#15, R-PV-3)', () => {
  it('R-PV-3: a retry gets the stored status and body with Idempotent-Replayed: true, and the handler does not run again', async () => {
    const key = uid();
    const script = { tag: uid(), status: 202, answer: { accepted: '受理', n: 1 } };
    const first = await post('/v1/echo', script, { key });
    const retry = await post('/v1/echo', script, { key });
    expect([first.status, first.replayed, first.body]).toEqual([202, null, script.answer]);
    expect([retry.status, retry.replayed, retry.body]).toEqual([202, 'true', script.answer]);
    expect(retry.type).toContain('application/json');
    expect(runs.get(script.tag)).toBe(1);
  });

  it('R-PV-3: without a key every request runs', async () => {
    const script = { tag: uid() };
    const a = await post('/v1/echo', script);
    const b = await post('/v1/echo', script);
    expect([a.body.run, b.body.run]).toEqual([1, 2]);
    expect([a.replayed, b.replayed]).toEqual([null, null]);
  });

  it('R-PV-3: a refusal (400) is replayed as refused, as problem+json, without running again', async () => {
    const key = uid();
    const script = { tag: uid(), send: 'refuse' };
    const first = await post('/v1/echo', script, { key });
    const retry = await post('/v1/echo', script, { key });
    expectProblem(first, 400, 'bad-request');
    expectProblem(retry, 400, 'bad-request');
    expect(retry.replayed).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(runs.get(script.tag)).toBe(1);
  });

  it('R-PV-3: with rememberRefusals false a 400 is not kept: once its reason is gone the same key runs, then replays', async () => {
    const key = uid();
    const script = { tag: uid(), refuseUntilReady: 400, answer: { id: 'r-1' } };
    const refused = await post('/v1/forgetful', script, { key });
    const again = await post('/v1/forgetful', script, { key });
    expectProblem(refused, 400, 'not-yet-known');
    expectProblem(again, 400, 'not-yet-known');
    expect(again.replayed).toBeNull();
    ready.add(script.tag);
    const done = await post('/v1/forgetful', script, { key });
    const replay = await post('/v1/forgetful', script, { key });
    expect([done.status, done.replayed, done.body]).toEqual([201, null, { id: 'r-1' }]);
    expect([replay.status, replay.replayed, replay.body]).toEqual([201, 'true', { id: 'r-1' }]);
    expect(runs.get(script.tag)).toBe(3);
  });

  it('R-PV-3: a 5xx answer (500 and 503) is not kept: the retry runs again', async () => {
    for (const status of [500, 503]) {
      const key = uid();
      const script = { tag: uid(), status };
      const first = await post('/v1/echo', script, { key });
      const retry = await post('/v1/echo', script, { key });
      expect([first.status, retry.status]).toEqual([status, status]);
      expect([first.replayed, retry.replayed]).toEqual([null, null]);
      expect(retry.body).toEqual({ tag: script.tag, run: 2 });
    }
  });

  it('R-PV-3: answers sent as a JSON buffer, as text and empty are replayed as sent', async () => {
    const json = { tag: uid(), send: 'buffer', answer: { id: 'b-1', 名: '长春' } };
    const key1 = uid();
    await post('/v1/echo', json, { key: key1 });
    const jsonReplay = await post('/v1/echo', json, { key: key1 });
    expect([jsonReplay.status, jsonReplay.replayed, jsonReplay.body]).toEqual([201, 'true', json.answer]);

    const text = { tag: uid(), send: 'text-buffer' };
    const key2 = uid();
    const first = await post('/v1/echo', text, { key: key2 });
    const textReplay = await post('/v1/echo', text, { key: key2 });
    expect(first.body).toBe(`run 1 of ${text.tag}`);
    // The replay carries the same text (as a JSON string: replays are JSON).
    expect([textReplay.status, textReplay.replayed, textReplay.body]).toEqual([201, 'true', first.body]);

    const empty = { tag: uid(), send: 'empty', status: 202 };
    const key3 = uid();
    const none = await post('/v1/echo', empty, { key: key3 });
    const emptyReplay = await post('/v1/echo', empty, { key: key3 });
    expect([none.status, none.body]).toEqual([202, null]);
    expect([emptyReplay.status, emptyReplay.replayed, emptyReplay.body]).toEqual([202, 'true', null]);
    expect([runs.get(json.tag), runs.get(text.tag), runs.get(empty.tag)]).toEqual([1, 1, 1]);
  });

  it('R-PV-3: an answer that cannot be stored is not sent as if kept: a 500 internal-error problem, logged', async () => {
    const script = { tag: uid(), send: 'unstorable' };
    const r = await post('/v1/echo', script, {
      key: uid(),
      headers: { 'x-request-id': `req-${script.tag}` },
    });
    expectProblem(r, 500, 'internal-error');
    expect(r.body).toMatchObject({ instance: '/v1/echo', requestId: `req-${script.tag}` });
    expect(JSON.stringify(r.body)).not.toContain('a\\u0000b');
    expect(errorLines).toContainEqual(
      expect.objectContaining({
        msg: 'could not store the idempotent answer',
        requestId: `req-${script.tag}`,
      }),
    );
  });
});

describe('Idempotency-Key: the same key for another request (#15, R-PV-3)', () => {
  it('R-PV-3: another body under the same key is refused with 422 idempotency-key-reused, and the first answer stays', async () => {
    const key = uid();
    const script = { tag: uid(), answer: { id: 'x-1' } };
    await post('/v1/echo', script, { key });
    const other = await post('/v1/echo', { ...script, answer: { id: 'x-2' } }, { key });
    expectProblem(other, 422, 'idempotency-key-reused');
    expect(other.body.message).toEqual({
      zh: '同一幂等键已用于不同的请求',
      en: 'this Idempotency-Key was used for a different request',
    });
    expect(other.replayed).toBeNull();
    const retry = await post('/v1/echo', script, { key });
    expect([retry.status, retry.replayed, retry.body]).toEqual([201, 'true', { id: 'x-1' }]);
    expect(runs.get(script.tag)).toBe(1);
  });

  it('R-PV-3: the same body sent to another path under the same key is refused', async () => {
    const key = uid();
    const script = { tag: uid() };
    expect((await post('/v1/echo', script, { key })).status).toBe(201);
    expectProblem(await post('/v1/echo-too', script, { key }), 422, 'idempotency-key-reused');
    expect(runs.get(script.tag)).toBe(1);
  });
});

describe('Idempotency-Key: keys belong to their caller (#15, R-PV-3)', () => {
  it('R-PV-3: the same key and body from another user, or the same user of another court, runs as its own request', async () => {
    const key = uid();
    const script = { tag: uid() };
    const callers = [
      await keys.token(),
      await keys.token({ sub: 'judge-b' }),
      await keys.token({ court: 'JL-CC-ZY' }),
    ];
    const firsts = [];
    for (const token of callers) firsts.push(await post('/v1/echo', script, { key, token }));
    expect(firsts.map((r) => [r.status, r.replayed, r.body.run])).toEqual([
      [201, null, 1],
      [201, null, 2],
      [201, null, 3],
    ]);
    // Each caller's retry gets its own first answer.
    const retries = [];
    for (const token of callers) retries.push(await post('/v1/echo', script, { key, token }));
    expect(retries.map((r) => [r.replayed, r.body.run])).toEqual([
      ['true', 1],
      ['true', 2],
      ['true', 3],
    ]);
  });

  it('R-PV-3: anonymous callers are told apart by their address (through a trusted proxy)', async () => {
    const key = uid();
    const script = { tag: uid() };
    const from = (ip: string) =>
      post('/v1/anonymous', script, { key, token: null, headers: { 'x-forwarded-for': ip } });
    const a = await from('203.0.113.7');
    const b = await from('203.0.113.8');
    const aAgain = await from('203.0.113.7');
    expect([a.body.run, b.body.run]).toEqual([1, 2]);
    expect([a.replayed, b.replayed]).toEqual([null, null]);
    expect([aAgain.replayed, aAgain.body.run]).toEqual(['true', 1]);
  });
});

describe('Idempotency-Key: the header (#15, R-NF-7)', () => {
  it('R-NF-7: a key of 1 to 200 visible ASCII characters is taken; empty, longer, spaced, tabbed or non-ASCII is a 400', async () => {
    const script = { tag: uid() };
    for (const key of ['!', '~'.repeat(200), `!"#$%&'()*+,-./:;<=>?@[\\]^_\`{|}~-${uid()}`]) {
      const r = await post('/v1/echo', script, { key });
      expect([key, r.status, r.replayed]).toEqual([key, 201, null]);
      expect([key, (await post('/v1/echo', script, { key })).replayed]).toEqual([key, 'true']);
    }
    const taken = runs.get(script.tag);
    for (const key of ['', '~'.repeat(201), 'a b', 'a\tb', 'clé']) {
      const r = await post('/v1/echo', script, { key });
      expectProblem(r, 400, 'bad-request');
      expect(r.body.message).toEqual({
        zh: 'Idempotency-Key 须为 1–200 个可见 ASCII 字符',
        en: 'Idempotency-Key must be 1–200 visible ASCII characters',
      });
    }
    expect(runs.get(script.tag)).toBe(taken);
  });

  it('the key records which request took it, its path clipped to 500 characters', async () => {
    const key = uid();
    const long = `/v1/echo?pad=${'p'.repeat(600)}`;
    expect((await post(long, { tag: uid() }, { key })).status).toBe(201);
    const row = await (db.db as unknown as Kysely<DB>)
      .selectFrom('idempotency_keys')
      .select(['method', 'path', 'principal'])
      .where('key', '=', key)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ method: 'POST', path: long.slice(0, 500), principal: 'JL-CC-NG/judge-a' });
  });
});

describe('Idempotency-Key: concurrent requests and leases (#15, R-PV-3, R-NF-6)', () => {
  it('R-PV-3: retries that arrive while the first runs wait for it and get its answer soon after it is sent', async () => {
    const key = uid();
    const script = { tag: uid(), holdMs: 3000 };
    const first = post('/v1/echo', script, { key });
    await started(script.tag);
    const send = () => post('/v1/echo', script, { key });
    const early = [send(), send(), send()];
    // Waiters that come later look again at other moments: a back-off grown past 250 ms would
    // leave one of them (the later ones look at about 0.5 + 1.77 and + 3.77 s) long after the answer.
    await sleep(500);
    const late = [send(), send(), send()];
    const [a, ...rest] = await Promise.all([first, ...early, ...late]);
    expect([a!.status, a!.replayed]).toEqual([201, null]);
    for (const r of rest) {
      expect([r.status, r.replayed, r.body]).toEqual([201, 'true', a!.body]);
      // They look again at least every 250 ms, so none answers much later than the first.
      expect(r.at - a!.at).toBeLessThan(1000);
    }
    expect(runs.get(script.tag)).toBe(1);
  });

  it('R-PV-3: a retry that waits longer than waitMs is answered 409 idempotency-in-progress, then replayed once the first is done', async () => {
    const key = uid();
    const script = { tag: uid(), holdMs: 2500 };
    const first = post('/v1/short-wait', script, { key });
    await started(script.tag);
    const sent = Date.now();
    const busy = await post('/v1/short-wait', script, { key });
    expectProblem(busy, 409, 'idempotency-in-progress');
    expect(busy.at - sent).toBeLessThan(2000);
    const a = await first;
    const later = await post('/v1/short-wait', script, { key });
    expect([later.status, later.replayed, later.body]).toEqual([201, 'true', a.body]);
    expect(runs.get(script.tag)).toBe(1);
  });

  it('R-NF-6: once the lease ran out a retry takes the key over and runs; the overtaken attempt’s answer is not kept', async () => {
    const key = uid();
    const script = { tag: uid(), holdFirstMs: 1500 };
    const first = post('/v1/short-lease', script, { key });
    await started(script.tag);
    await sleep(LEASE_MS + 200);
    // Another body under the key is still refused after the lease ran out.
    expectProblem(
      await post('/v1/short-lease', { ...script, tag: uid() }, { key }),
      422,
      'idempotency-key-reused',
    );
    const takeover = await post('/v1/short-lease', script, { key });
    expect([takeover.status, takeover.replayed, takeover.body]).toEqual([
      201,
      null,
      { tag: script.tag, run: 2 },
    ]);
    expect((await first).body).toEqual({ tag: script.tag, run: 1 });
    const replay = await post('/v1/short-lease', script, { key });
    expect([replay.replayed, replay.body]).toEqual(['true', { tag: script.tag, run: 2 }]);
  });

  it('R-PV-3: a client that goes away before the answer frees its key: the retry runs at once instead of waiting', async () => {
    const key = uid();
    const script = { tag: uid(), holdMs: 1500 };
    await postAndGoAway('/v1/echo', script, key, () => started(script.tag));
    const retry = await post('/v1/echo', script, { key });
    expect([retry.status, retry.replayed, retry.body]).toEqual([201, null, { tag: script.tag, run: 2 }]);
    const replay = await post('/v1/echo', script, { key });
    expect([replay.replayed, replay.body]).toEqual(['true', { tag: script.tag, run: 2 }]);
  });
});

describe('Idempotency-Key with the unit of work (#15, R-PV-3, R-NF-6)', () => {
  it('R-NF-6: an attempt overtaken after its lease ran out cannot commit: 409, rolled back; the retry’s note is the one kept', async () => {
    const key = uid();
    const script = { caseNumber: `uow-${uid()}`, holdFirstMs: 1500 };
    const first = post('/v1/notes-short-lease', script, { key });
    await started(script.caseNumber);
    await sleep(LEASE_MS + 200);
    const takeover = await post('/v1/notes-short-lease', script, { key });
    expect([takeover.status, takeover.replayed]).toEqual([201, null]);
    expectProblem(await first, 409, 'idempotency-in-progress');
    expect(await notes(script.caseNumber)).toEqual([{ id: takeover.body.id }]);
    const replay = await post('/v1/notes-short-lease', script, { key });
    expect([replay.status, replay.replayed, replay.body]).toEqual([201, 'true', takeover.body]);
  });

  it('R-PV-3: a status set after the commit and an answer reshaped after it are what the retry gets', async () => {
    for (const mode of ['status-after', 'reshape'] as const) {
      const key = uid();
      const script = { caseNumber: `uow-${uid()}`, mode };
      const first = await post('/v1/notes', script, { key });
      const retry = await post('/v1/notes', script, { key });
      expect(first.status).toBe(201);
      expect([mode, retry.status, retry.replayed, retry.body]).toEqual([mode, 201, 'true', first.body]);
      expect(await notes(script.caseNumber)).toHaveLength(1);
    }
  });

  it('R-PV-3: a second unit of work in the same request commits too, and the retry gets the request’s answer', async () => {
    const key = uid();
    const script = { caseNumber: `uow-${uid()}`, mode: 'twice' };
    const first = await post('/v1/notes', script, { key });
    expect(first.status).toBe(201);
    expect(first.body.ids).toHaveLength(2);
    const retry = await post('/v1/notes', script, { key });
    expect([retry.status, retry.replayed, retry.body]).toEqual([201, 'true', first.body]);
    expect((await notes(script.caseNumber)).map((n) => n.id).sort()).toEqual([...first.body.ids].sort());
  });

  it('R-NF-6: a client that goes away after the change committed does not free the key: the retry gets the committed answer', async () => {
    const key = uid();
    const script = { caseNumber: `uow-${uid()}`, mode: 'hold-after', holdAfterMs: 1000 };
    // Goes away once the change is visible, that is committed, while the route still holds its answer.
    await postAndGoAway('/v1/notes', script, key, () =>
      waitFor(async () => (await notes(script.caseNumber)).length === 1, { what: 'the committed note' }),
    );
    const retry = await post('/v1/notes', script, { key });
    const committed = await notes(script.caseNumber);
    expect(committed).toHaveLength(1);
    expect([retry.status, retry.replayed, retry.body]).toEqual([201, 'true', { id: committed[0]!.id }]);
  });
});

describe('Idempotency-Key for a streamed upload (#15, R-PV-3)', () => {
  const put = (key: string, content: string, digestOfContent = content) =>
    post('/v1/uploads', content, {
      key,
      headers: {
        'content-type': 'application/octet-stream',
        'x-content-sha256': createHash('sha256').update(digestOfContent).digest('hex'),
      },
    });

  it('R-PV-3: the retry is replayed only when it sends the same bytes; other bytes are refused by confirmReplay', async () => {
    const key = uid();
    const first = await put(key, '证据一');
    expect([first.status, first.replayed]).toEqual([201, null]);
    const same = await put(key, '证据一');
    expect([same.status, same.replayed, same.body]).toEqual([201, 'true', first.body]);
    // Declares the first digest but sends other bytes.
    const other = await put(key, '证据二', '证据一');
    expectProblem(other, 422, 'content-mismatch');
    expect(other.replayed).toBeNull();
  });

  it('R-PV-3: another declared digest under the same key is another request (requestHash), refused', async () => {
    const key = uid();
    expect((await put(key, '证据三')).status).toBe(201);
    expectProblem(await put(key, '证据四'), 422, 'idempotency-key-reused');
  });

  it('R-PV-3: a stored 400 is replayed without confirming the content again', async () => {
    const key = uid();
    const refused = await put(key, '证据五', '证据六');
    expectProblem(refused, 400, 'digest-mismatch');
    const retry = await put(key, 'anything else', '证据六');
    expectProblem(retry, 400, 'digest-mismatch');
    expect([retry.replayed, retry.body]).toEqual(['true', refused.body]);
  });
});
