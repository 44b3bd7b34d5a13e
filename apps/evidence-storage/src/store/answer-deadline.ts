import http, { type IncomingMessage, type RequestOptions } from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';

const timedOut = (ms: number) =>
  // Also the agent's own socket timeout while connecting (Node's global agent: 5 s).
  Object.assign(new Error(`ETIMEDOUT: the store did not answer in time (deadline ${ms} ms)`), {
    code: 'ETIMEDOUT',
  });

/** What minio's client sends its requests through (its `transport` option): `request` as in node:http. */
export type StoreTransport = Pick<typeof http, 'request'>;

/**
 * Node's http (or https) with a deadline on the store's answer: a request the
 * store takes in and never answers (a hung gateway, a stalled link) fails after
 * `ms` without a byte moving, with ETIMEDOUT, which the service reports as the
 * store being unavailable (503). Without it such a request held its upload slot
 * and part buffers for as long as the connection stayed open, which may be for
 * ever. The clock runs while the request is sent and until the answer's
 * headers; not while the answer's body is read, which goes at the pace of the
 * service's own client (a download may wait its turn for a buffer). A body the
 * service reads at the store's pace takes {@link failWhenSilent} as well.
 */
export function transportWithAnswerDeadline(tls: boolean, ms: number): StoreTransport {
  const base = tls ? https : http;
  // minio always passes an options object and a callback.
  const request = (options: RequestOptions, callback: (res: IncomingMessage) => void) => {
    const req = base.request(options, (res) => {
      req.setTimeout(0);
      callback(res);
    });
    req.setTimeout(ms, () => req.destroy(timedOut(ms)));
    return req;
  };
  return { request: request as StoreTransport['request'] };
}

/**
 * For an answer's body the service reads as fast as it arrives (the integrity
 * check hashes it): a store that stops sending in the middle, for `ms`, fails
 * the read with ETIMEDOUT (the store unavailable) instead of holding it for
 * ever. Not for a body read at a client's pace, which may rightly pause.
 */
export function failWhenSilent(body: Readable, ms: number): void {
  const res = body as Readable & { setTimeout?: (ms: number, cb: () => void) => unknown };
  res.setTimeout?.(ms, () => body.destroy(timedOut(ms)));
}
