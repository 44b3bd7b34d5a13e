// How tests call a service as a client would: one request, its answer read the same way by every
// harness and by the invalid-input checks.
import type { UserClaims } from '@jir/service-kit';

/** A JSON answer as a client reads it: the body parsed when it is JSON, else its text. */
export interface JsonAnswer {
  status: number;
  type: string;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- each test reads the fields it expects
}

/**
 * Calls `url + path` as the user `as` (null: without a token) with `token`
 * signing the claims. `body` is sent as JSON (a string as it is, for broken
 * bodies) with a JSON media type unless `headers` name another.
 */
export async function callJson(
  url: string,
  token: (claims?: Partial<UserClaims>) => Promise<string>,
  method: string,
  path: string,
  o: { as?: Partial<UserClaims> | null; body?: unknown; headers?: Record<string, string> } = {},
): Promise<JsonAnswer> {
  const headers: Record<string, string> = { ...o.headers };
  if (o.as !== null) headers['authorization'] = `Bearer ${await token(o.as ?? {})}`;
  if (o.body !== undefined) headers['content-type'] ??= 'application/json';
  const res = await fetch(`${url}${path}`, {
    method,
    headers,
    ...(o.body !== undefined ? { body: typeof o.body === 'string' ? o.body : JSON.stringify(o.body) } : {}),
  });
  return readAnswer(res);
}

/** The answer's status, media type and body (parsed when it is JSON, else its text). */
export async function readAnswer(res: Response): Promise<JsonAnswer> {
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  return { status: res.status, type: res.headers.get('content-type') ?? '', body };
}
