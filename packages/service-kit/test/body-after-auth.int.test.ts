import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Writable } from 'node:stream';
import {
  authenticate,
  createHttpApp,
  createLogger,
  createMetrics,
  defineRoute,
  mountRoutes,
  problem,
  type Route,
} from '../src/index.js';
import { serve, testKeys } from './harness.js';

// N4 and N8 of the second security probe: a JSON body is read only after the caller is
// authenticated and only for so long (R-NF-7), and a refusal a service chose is one warn line.
const keys = testKeys();
const lines: { level: number; msg: string; err?: unknown }[] = [];
const logger = createLogger({
  service: 'body-test',
  level: 'debug',
  destination: new Writable({
    write(chunk, _enc, cb) {
      lines.push(JSON.parse(String(chunk)));
      cb();
    },
  }),
});
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

let s: Awaited<ReturnType<typeof serve>>;
beforeAll(async () => {
  const app = createHttpApp({
    logger,
    metrics: createMetrics('body-test'),
    bodyTimeoutMs: 800,
    routes: (a) => mountRoutes(a, routes, { authenticate: authenticate(keys.verifier) }),
  });
  s = await serve(app);
});
afterAll(async () => {
  await s?.close();
});

/** Sends headers and part of a body, then nothing; resolves with the answer and how long it took. */
function partialBody(headers: string, timeoutMs = 5000): Promise<{ status: number; ms: number }> {
  const u = new URL(s.url);
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
