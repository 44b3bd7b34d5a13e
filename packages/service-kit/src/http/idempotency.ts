import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { sql, type Kysely, type Transaction, type Updateable } from 'kysely';
import type { KitTables } from '../db/kit-tables.js';
import { problem } from '../problem.js';
import { ctx } from './request-context.js';

const KEY = /^[\x21-\x7e]{1,200}$/;

export interface IdempotencyOptions {
  db: Kysely<KitTables>;
  /** How long a first request may hold its key before a retry may take over (crash safety). */
  leaseMs?: number;
  /** How long a concurrent retry waits for the first to finish before answering 409. */
  waitMs?: number;
  /**
   * How the request is identified when its body is not parsed JSON (a streamed
   * upload): what is known before the body arrives. The default is method, path
   * and the JSON body. See `confirmReplay` for what comes after the stream.
   */
  requestHash?: (req: Request) => string;
  /**
   * For a streamed body, whose hash above cannot cover the bytes: before a
   * stored answer is replayed, the retry must prove it sent the same content
   * (an upload hashes its bytes, storing nothing, and compares the digest with
   * the answer's). Rejects with the refusal when it did not.
   */
  confirmReplay?: (req: Request, res: Response, answer: unknown) => Promise<void>;
  /**
   * false: a 4xx answer is not kept, so the same key may be retried once the
   * reason is gone ("this record is not known here yet; retry shortly").
   * Default true: a refusal is replayed as refused.
   */
  rememberRefusals?: boolean;
}

type Row = {
  state: string;
  request_hash: string;
  status: number | null;
  response: unknown;
  locked_until: Date;
};

/**
 * A key this request owns, held for the request's asynchronous context so that
 * the unit of work can write the answer in the transaction of the effect.
 */
export interface IdempotencyClaim {
  readonly principal: string;
  readonly key: string;
  /** The lease this attempt took; a write conditioned on it fails once another attempt took over. */
  readonly lease: Date;
  readonly res: Response;
  /** Set once the answer committed with the effect: the send hook then has nothing left to make durable. */
  stored?: { status: number; json: string };
}

const claims = new AsyncLocalStorage<IdempotencyClaim>();

/** The Idempotency-Key claim of the request being handled, if it carries one. */
export function currentIdempotencyClaim(): IdempotencyClaim | undefined {
  const c = claims.getStore();
  return c && !c.stored ? c : undefined;
}

/**
 * Writes the idempotent answer inside the caller's transaction, so that it
 * commits exactly when the effect does: a crash after the commit leaves an
 * answer to replay, not a key a retry may take over and do again. Fails (and
 * so rolls the effect back) when this attempt's lease was taken over.
 * The status is the response's status when the change commits (a route sets
 * it before calling the service, as `res.status(201).json(await …)` does).
 */
export async function storeIdempotentAnswer(
  trx: Transaction<KitTables>,
  claim: IdempotencyClaim,
  body: unknown,
  status = claim.res.statusCode,
): Promise<void> {
  const json = JSON.stringify(body ?? null);
  const done = await trx
    .updateTable('idempotency_keys')
    .set({ state: 'done', status, response: json, completed_at: new Date() })
    .where('principal', '=', claim.principal)
    .where('key', '=', claim.key)
    .where('state', '=', 'pending')
    .where('locked_until', '=', claim.lease)
    .returning('key')
    .executeTakeFirst();
  if (!done) throw problem('idempotency-in-progress');
}

/** Notes that the answer committed (called by the unit of work after its commit). */
export function markIdempotentAnswerStored(claim: IdempotencyClaim, body: unknown, status: number): void {
  claim.stored = { status, json: JSON.stringify(body ?? null) };
}

/**
 * `Idempotency-Key` for creating requests: the first request with a key runs;
 * a retry with the same key and body gets the first answer again (with
 * `Idempotent-Replayed: true`) and creates nothing; the same key with another
 * body is refused. Concurrent retries wait for the first. Keys are per
 * principal, so one user's key never answers another's request. A change made
 * through the unit of work stores its answer in its own transaction; other
 * handlers' answers are stored just before they are sent.
 */
export function idempotency(opts: IdempotencyOptions): RequestHandler {
  const { db } = opts;
  const leaseMs = opts.leaseMs ?? 60_000;
  const waitMs = opts.waitMs ?? 10_000;
  // Millisecond precision, so the lease read back into a JS Date still identifies this attempt.
  const newLease = sql<Date>`date_trunc('milliseconds', now() + ${`${leaseMs} milliseconds`}::interval)`;

  const claim = async (principal: string, key: string, req: Request, hash: string) => {
    const inserted = await db
      .insertInto('idempotency_keys')
      .values({
        principal,
        key,
        method: req.method,
        path: req.originalUrl.slice(0, 500),
        request_hash: hash,
        state: 'pending',
        status: null,
        response: null,
        locked_until: newLease as unknown as Date,
      })
      .onConflict((oc) => oc.doNothing())
      .returning('locked_until')
      .executeTakeFirst();
    if (inserted) return inserted.locked_until;
    // A failed or abandoned (lease expired) first attempt may be taken over by a retry of the same request.
    const taken = await db
      .updateTable('idempotency_keys')
      .set({ state: 'pending', locked_until: newLease as unknown as Date })
      .where('principal', '=', principal)
      .where('key', '=', key)
      .where('request_hash', '=', hash)
      .where((eb) =>
        eb.or([
          eb('state', '=', 'failed'),
          eb.and([eb('state', '=', 'pending'), eb('locked_until', '<', sql<Date>`now()`)]),
        ]),
      )
      .returning('locked_until')
      .executeTakeFirst();
    return taken?.locked_until;
  };

  const read = (principal: string, key: string) =>
    db
      .selectFrom('idempotency_keys')
      .select(['state', 'request_hash', 'status', 'response', 'locked_until'])
      .where('principal', '=', principal)
      .where('key', '=', key)
      .executeTakeFirst() as Promise<Row | undefined>;

  const replay = (res: Response, row: Row) => {
    res.setHeader('Idempotent-Replayed', 'true');
    res.status(row.status ?? 200);
    if ((row.status ?? 200) >= 400) res.type('application/problem+json').send(JSON.stringify(row.response));
    else res.json(row.response);
  };

  return async (req: Request, res: Response, next: NextFunction) => {
    const key = req.headers['idempotency-key'];
    if (key === undefined) return next();
    if (typeof key !== 'string' || !KEY.test(key)) {
      return next(
        problem('bad-request', {
          message: {
            zh: 'Idempotency-Key 须为 1–200 个可见 ASCII 字符',
            en: 'Idempotency-Key must be 1–200 visible ASCII characters',
          },
        }),
      );
    }
    const principal = ctx(res).actor ? `${ctx(res).actor!.court}/${ctx(res).actor!.sub}` : `ip:${req.ip}`;
    const hash = opts.requestHash
      ? opts.requestHash(req)
      : createHash('sha256')
          .update(`${req.method} ${req.baseUrl}${req.path}\n${JSON.stringify(req.body ?? null)}`)
          .digest('hex');

    let lease: Date | undefined;
    const deadline = Date.now() + waitMs;
    for (let delay = 20; ; delay = Math.min(delay * 2, 250)) {
      lease = await claim(principal, key, req, hash);
      if (lease) break;
      const row = await read(principal, key);
      if (!row) continue;
      if (row.request_hash !== hash) return next(problem('idempotency-key-reused'));
      if (row.state === 'done') {
        if (opts.confirmReplay && (row.status ?? 200) < 400) {
          try {
            await opts.confirmReplay(req, res, row.response);
          } catch (e) {
            return next(e);
          }
        }
        return replay(res, row);
      }
      if (Date.now() > deadline) return next(problem('idempotency-in-progress'));
      await new Promise((r) => setTimeout(r, delay));
    }
    const owned: IdempotencyClaim = { principal, key, lease, res };

    // Our own writes are conditioned on our lease: after a takeover they change nothing.
    const write = (set: Updateable<KitTables['idempotency_keys']>) =>
      db
        .updateTable('idempotency_keys')
        .set(set)
        .where('principal', '=', principal)
        .where('key', '=', key)
        .where('locked_until', '=', lease)
        .execute();

    const send = res.send.bind(res);
    let settled = false;
    const settle = async (status: number, body: unknown) => {
      settled = true;
      const stored = owned.stored;
      if (stored) {
        // The answer committed with the effect. An error after that (or a
        // route that reshaped the result) must not make the effect retryable.
        const json = JSON.stringify(body ?? null);
        if (status >= 500 || (stored.status === status && stored.json === json)) return;
        await write({ status, response: json });
        return;
      }
      await write(
        status >= 500 || (opts.rememberRefusals === false && status >= 400)
          ? { state: 'failed', status: null, response: null }
          : { state: 'done', status, response: JSON.stringify(body ?? null), completed_at: new Date() },
      );
    };
    res.send = ((body?: unknown) => {
      if (settled) return send(body);
      let parsed: unknown = body;
      if (typeof body === 'string' || Buffer.isBuffer(body)) {
        try {
          parsed = JSON.parse(body.toString());
        } catch {
          parsed = body.toString();
        }
      }
      settle(res.statusCode, parsed).then(
        () => send(body),
        (e: unknown) => {
          ctx(res).log?.error({ err: e }, 'could not store the idempotent answer');
          // The key stays claimed until its lease ends: a Retry-After set for the answer that could
          // not be stored would send the retry into a 409 'in progress'.
          res.removeHeader('Retry-After');
          res.status(500).type('application/problem+json');
          send(JSON.stringify(problem('internal-error').toProblem(req.originalUrl, ctx(res).requestId)));
        },
      );
      return res;
    }) as Response['send'];
    res.on('close', () => {
      // The client went away before an answer: release the key for a retry (unless the change committed).
      if (!settled && !owned.stored) void settle(500, null).catch(() => undefined);
    });
    claims.run(owned, () => next());
  };
}
