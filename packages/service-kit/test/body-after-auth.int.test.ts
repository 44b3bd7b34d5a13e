import { connect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  authenticate,
  createHttpApp,
  createMetrics,
  defineRoute,
  mountRoutes,
  problem,
  type Route,
} from '../src/index.js';
import { setBodyTimeout } from '../src/http/body-reading.js';
import { capturingLogger, publicEchoRoute, serve, testKeys } from './harness.js';

// N4 and N8 of the second security probe: a JSON body is read only after the caller is
// authenticated and only for so long (R-NF-7), and a refusal a service chose is one warn line.
const keys = testKeys();
const { logger, lines } = capturingLogger('body-test', 'debug');
const routes: Route[] = [
  defineRoute({
    spec: {
      method: 'post',
      path: '/v1/notes',
      operationId: 'createNote',
      summary: 'a note',
      body: z.object({ text: z.string() }),
      responses: { 201: { description: 'ok', schema: z.object({ text: z.string() }) } },
    },
    handler: (req, res) => {
      res.status(201).json({ text: (req.body as { text: string }).text });
    },
  }),
  publicEchoRoute(),
  defineRoute({
    spec: {
      method: 'post',
      path: '/v1/busy',
      operationId: 'busy',
      summary: 'always full',
      responses: { 200: { description: 'never' } },
    },
    handler: () => {
      throw problem({ status: 503, code: 'too-busy', message: { zh: '忙', en: 'busy' } });
    },
  }),
];

const app = (bodyTimeoutMs: number) =>
  createHttpApp({
    logger,
    metrics: createMetrics('body-test', { defaultMetrics: false }),
    bodyTimeoutMs,
    routes: (a) => mountRoutes(a, routes, { authenticate: authenticate(keys.verifier) }),
  });
// Served afresh for each test, so that each test runs the mounting (and the authenticator it
// records) that decides when a body is read.
let s: Awaited<ReturnType<typeof serve>>;
beforeEach(async () => {
  s = await serve(app(800));
});
afterEach(async () => {
  await s?.close();
});

/** Sends headers and part of a body, then nothing; resolves with the answer and how long it took. */
function partialBody(
  headers: string,
  timeoutMs = 5000,
  url = s.url,
): Promise<{ status: number; ms: number; body: string }> {
  const u = new URL(url);
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const sock = connect(Number(u.port), u.hostname, () =>
      sock.write(
        `POST /v1/notes HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n${headers}\r\n{"text":"`,
      ),
    );
    const got: Buffer[] = [];
    sock.on('data', (d) => got.push(d));
    sock.on('close', () =>
      resolve({
        status: Number(/^HTTP\/1\.1 (\d+)/.exec(Buffer.concat(got).toString('latin1'))?.[1] ?? 0),
        ms: Date.now() - t0,
        body: Buffer.concat(got).toString('utf8').split('\r\n\r\n').slice(1).join('\r\n\r\n'),
      }),
    );
    sock.on('error', reject);
    sock.setTimeout(timeoutMs, () => sock.destroy());
  });
}

describe('JSON bodies after authentication, within a deadline (R-NF-7)', () => {
  it('R-NF-7: without a token, a request announcing a 1 MB body is refused 401 before its body arrives', async () => {
    const r = await partialBody('');
    expect(r.status).toBe(401);
    expect(r.ms).toBeLessThan(700);
  });

  it('R-NF-7: with a token, a body that stops arriving is answered 408 after the body deadline', async () => {
    const r = await partialBody(`Authorization: Bearer ${await keys.token()}\r\n`);
    expect(JSON.parse(r.body)).toMatchObject({
      status: 408,
      code: 'request-timeout',
      message: {
        zh: expect.stringMatching(/[\u4e00-\u9fff]/),
        en: 'the request body did not arrive in time',
      },
    });
    expect(r.status).toBe(408);
    expect(r.ms).toBeGreaterThanOrEqual(700);
    expect(r.ms).toBeLessThan(3000);
  });

  it('R-NF-7: a whole body with a token is still read and answered', async () => {
    const res = await fetch(`${s.url}/v1/notes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await keys.token()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: '你好' }),
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ text: '你好' });
  });
});

describe('bodies of public routes, and the configured deadline (R-NF-7)', () => {
  const echo = async (authorization?: string) => {
    const res = await fetch(`${s.url}/v1/public/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify({ text: '公开' }),
    });
    return { status: res.status, body: await res.json() };
  };

  it('R-NF-7: a public route reads the body whether the caller sent no token, a bad one or a good one', async () => {
    const read = { status: 200, body: { text: '公开' } };
    expect(await echo()).toEqual(read);
    expect(await echo('Bearer not-a-token')).toEqual(read);
    expect(await echo(`Bearer ${await keys.token()}`)).toEqual(read);
  });

  it('R-NF-7: an authenticated route refuses a bad token 401 without reading its body', async () => {
    const res = await fetch(`${s.url}/v1/notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer not-a-token' },
      body: JSON.stringify({ text: 'x' }),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('R-NF-7: the deadline set from HTTP_BODY_TIMEOUT_SECONDS wins over the one the app was built with', async () => {
    const slow = app(10_000);
    setBodyTimeout(slow, 300);
    const served = await serve(slow);
    try {
      const r = await partialBody(`Authorization: Bearer ${await keys.token()}\r\n`, 5000, served.url);
      expect(r.status).toBe(408);
      expect(r.ms).toBeLessThan(2500);
    } finally {
      await served.close();
    }
  });
});

describe('a 503 a service chose is logged as one line (R-NF-7)', () => {
  it('R-NF-7: the refusal is at warn with its code, no error and no stack', async () => {
    lines.length = 0;
    const res = await fetch(`${s.url}/v1/busy`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await keys.token()}` },
    });
    expect(res.status).toBe(503);
    const refused = lines.filter((l) => /too-busy|busy/.test(JSON.stringify(l)) && l.level >= 40);
    expect(refused.length).toBeGreaterThan(0);
    for (const l of refused) {
      expect(l.level).toBe(40);
      expect(l.err).toBeUndefined();
    }
  });
});
