import { createHash } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { sql, type Kysely } from 'kysely';
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
}

type Row = {
  state: string;
  request_hash: string;
  status: number | null;
  response: unknown;
  locked_until: Date;
};

/**
 * `Idempotency-Key` for creating requests: the first request with a key runs;
 * a retry with the same key and body gets the first answer again (with
 * `Idempotent-Replayed: true`) and creates nothing; the same key with another
 * body is refused. Concurrent retries wait for the first. Keys are per
 * principal, so one user's key never answers another's request.
 */
export function idempotency(opts: IdempotencyOptions): RequestHandler {
  const { db } = opts;
  const leaseMs = opts.leaseMs ?? 60_000;
  const waitMs = opts.waitMs ?? 10_000;

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
        locked_until: sql<Date>`now() + ${`${leaseMs} milliseconds`}::interval` as unknown as Date,
      })
      .onConflict((oc) => oc.doNothing())
      .returning('key')
      .executeTakeFirst();
    if (inserted) return true;
    // A failed or abandoned (lease expired) first attempt may be taken over by a retry of the same request.
    const taken = await db
      .updateTable('idempotency_keys')
      .set({
        state: 'pending',
        locked_until: sql<Date>`now() + ${`${leaseMs} milliseconds`}::interval` as unknown as Date,
      })
      .where('principal', '=', principal)
      .where('key', '=', key)
      .where('request_hash', '=', hash)
      .where((eb) =>
        eb.or([
          eb('state', '=', 'failed'),
          eb.and([eb('state', '=', 'pending'), eb('locked_until', '<', sql<Date>`now()`)]),
        ]),
      )
      .returning('key')
      .executeTakeFirst();
    return taken !== undefined;
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
    const hash = createHash('sha256')
      .update(`${req.method} ${req.baseUrl}${req.path}\n${JSON.stringify(req.body ?? null)}`)
      .digest('hex');

    const deadline = Date.now() + waitMs;
    for (let delay = 20; ; delay = Math.min(delay * 2, 250)) {
      if (await claim(principal, key, req, hash)) break;
      const row = await read(principal, key);
      if (!row) continue;
      if (row.request_hash !== hash) return next(problem('idempotency-key-reused'));
      if (row.state === 'done') return replay(res, row);
      if (Date.now() > deadline) return next(problem('idempotency-in-progress'));
      await new Promise((r) => setTimeout(r, delay));
    }

    // We own the key: remember the answer before it leaves, so a retry never sees it half-done.
    const send = res.send.bind(res);
    let settled = false;
    const settle = async (status: number, body: unknown) => {
      settled = true;
      await db
        .updateTable('idempotency_keys')
        .set(
          status >= 500
            ? { state: 'failed', status: null, response: null }
            : { state: 'done', status, response: JSON.stringify(body ?? null), completed_at: new Date() },
        )
        .where('principal', '=', principal)
        .where('key', '=', key)
        .execute();
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
          res.status(500).type('application/problem+json');
          send(JSON.stringify(problem('internal-error').toProblem(req.originalUrl, ctx(res).requestId)));
        },
      );
      return res;
    }) as Response['send'];
    res.on('close', () => {
      // The client went away before an answer: release the key for a retry.
      if (!settled) void settle(500, null).catch(() => undefined);
    });
    next();
  };
}
