import { isUtf8 } from 'node:buffer';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { FieldError } from '@jir/contracts';
import { ProblemError, problem } from '../problem.js';

// Input that would otherwise fail deep inside the service (a stack overflow, a
// PostgreSQL encoding error) is refused at the door with a 4xx (R-NF-7).

/** Deepest nesting of arrays and objects a JSON body may have. */
export const MAX_JSON_DEPTH = 64;

/** At most this many bad fields are named in one answer. */
const MAX_NAMED = 20;

const NUL = '\u0000';
// With the u flag a paired surrogate is one code point, so this matches only lone halves.
const LONE_SURROGATE = /\p{Cs}/u;

function tooDeep(limit: number): ProblemError {
  return new ProblemError({
    status: 400,
    code: 'json-too-deep',
    message: {
      zh: `请求体 JSON 嵌套过深（最多 ${limit} 层）`,
      en: `the JSON body is nested too deeply (at most ${limit} levels)`,
    },
  });
}

/**
 * Depth of the deepest array or object in a JSON text, found by one loop over
 * its bytes (no recursion, so any depth is safe to measure); stops as soon as
 * `limit` is passed. Works on UTF-8 bytes because the structural characters
 * are ASCII and never occur inside a multi-byte sequence.
 */
export function jsonDepthExceeds(text: Uint8Array | string, limit: number): boolean {
  // One loop over bytes, no accessor called per character (it was a visible share per request, #14);
  // text in another encoding than UTF-8, already decoded, is encoded back to UTF-8 for it.
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/**
 * body-parser's `verify` hook: runs on the raw body before it is parsed.
 * Refuses bytes that are not UTF-8 (they would be silently replaced by
 * U+FFFD) and nesting deeper than `limit`.
 */
export function verifyJsonBody(limit = MAX_JSON_DEPTH) {
  return (_req: unknown, _res: unknown, buf: Buffer, encoding: string): void => {
    const utf8 = /^utf-?8$/i.test(encoding);
    if (utf8 && !isUtf8(buf))
      throw new ProblemError({
        status: 400,
        code: 'invalid-encoding',
        message: { zh: '请求体不是有效的 UTF-8 编码', en: 'the request body is not valid UTF-8' },
      });
    if (jsonDepthExceeds(utf8 ? buf : new TextDecoder(encoding).decode(buf), limit)) throw tooDeep(limit);
  };
}

interface BadString {
  path: string;
  kind: 'nul' | 'surrogate';
}

function check(s: string, path: string, out: BadString[]): void {
  if (s.includes(NUL)) out.push({ path, kind: 'nul' });
  else if (LONE_SURROGATE.test(s)) out.push({ path, kind: 'surrogate' });
}

/**
 * Paths of strings (values and keys) that PostgreSQL cannot store as text: a
 * NUL (U+0000), or a lone UTF-16 surrogate. Walks with an explicit stack, so
 * depth never costs call frames.
 */
export function badStrings(value: unknown): BadString[] {
  // Nearly every body is clean: a first walk that builds no paths (one string per node and an
  // entries array per object were about 1 % of intake's CPU per record, #14) decides that.
  if (!holdsBadString(value)) return [];
  const out: BadString[] = [];
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length > 0 && out.length < MAX_NAMED) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') check(v, path || '(body)', out);
    else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}[${i}]`]);
    } else if (v && typeof v === 'object') {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, child] = entries[i]!;
        const p = path ? `${path}.${k}` : k;
        check(k, p, out);
        stack.push([child, p]);
      }
    }
  }
  return out.slice(0, MAX_NAMED);
}

/** Whether any string in `value` (a key or a value) holds a NUL or a lone surrogate. */
function holdsBadString(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (unstorable(v)) return true;
    } else if (Array.isArray(v)) {
      for (const item of v) stack.push(item);
    } else if (v && typeof v === 'object') {
      for (const k in v) {
        if (!Object.hasOwn(v, k)) continue;
        if (unstorable(k)) return true;
        stack.push((v as Record<string, unknown>)[k]);
      }
    }
  }
  return false;
}

const unstorable = (s: string) => s.includes(NUL) || LONE_SURROGATE.test(s);

const NUL_MESSAGE = (path: string) => ({
  zh: `字段 ${path}：不得包含空字符 (U+0000)`,
  en: `field ${path}: must not contain the NUL character (U+0000)`,
});
const SURROGATE_MESSAGE = (path: string) => ({
  zh: `字段 ${path}：含有不成对的 UTF-16 代理项，不是有效的 Unicode 文本`,
  en: `field ${path}: contains a lone UTF-16 surrogate, which is not valid Unicode text`,
});

/**
 * Refuses a parsed JSON body holding strings PostgreSQL cannot store: a lone
 * surrogate is a 400 (the text is not Unicode; never replaced by U+FFFD, which
 * would change what was said, R-RC-4); a NUL is a 422 naming the field.
 */
export function refuseUnstorableBody(req: Request, _res: Response, next: NextFunction): void {
  const bad = badStrings(req.body);
  if (bad.length === 0) return next();
  const surrogates = bad.filter((b) => b.kind === 'surrogate');
  if (surrogates.length > 0)
    return next(
      new ProblemError({
        status: 400,
        code: 'invalid-unicode',
        message: {
          zh: '请求体含有不成对的 UTF-16 代理项（无效的 Unicode 文本）',
          en: 'the request body contains lone UTF-16 surrogates (invalid Unicode text)',
        },
        errors: surrogates.map(({ path }) => ({
          path,
          code: 'lone_surrogate',
          message: SURROGATE_MESSAGE(path),
        })),
      }),
    );
  next(
    problem('validation-failed', {
      errors: bad.map(({ path }) => ({ path, code: 'invalid_character', message: NUL_MESSAGE(path) })),
    }),
  );
}

/**
 * Refuses a path that is not well-formed percent-encoding, or that decodes to
 * a NUL: a 400 rather than a URIError (500) when a route decodes its parameters.
 */
export function refuseMalformedPath(req: Request, _res: Response, next: NextFunction): void {
  let decoded: string;
  try {
    decoded = decodeURIComponent(req.path);
  } catch {
    return next(
      new ProblemError({
        status: 400,
        code: 'malformed-path',
        message: {
          zh: '请求地址的百分号编码有误',
          en: 'the request path is not well-formed percent-encoding',
        },
      }),
    );
  }
  if (decoded.includes(NUL))
    return next(
      new ProblemError({
        status: 400,
        code: 'malformed-path',
        message: {
          zh: '请求地址不得包含空字符 (U+0000)',
          en: 'the request path must not contain NUL (U+0000)',
        },
      }),
    );
  next();
}

/**
 * The raw query's parameters whose percent-encoding is not well-formed UTF-8
 * (`%E0%A4%A`, or `%ED%A0%80`, an encoded surrogate): the parser would keep
 * them as literal text or replace them with U+FFFD, and a list route would then
 * answer for a value the client never meant.
 */
function malformedQueryParts(raw: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const part of raw.split('&')) {
    const [rawName = '', ...rest] = part.split('=');
    const decode = (s: string) => decodeURIComponent(s.replaceAll('+', ' '));
    let name = rawName;
    try {
      name = decode(rawName);
      decode(rest.join('='));
    } catch {
      const path = `query.${name.replaceAll(NUL, '\\u0000').slice(0, 100)}`;
      errors.push({
        path,
        code: 'invalid_encoding',
        message: {
          zh: `参数 ${path} 的百分号编码不是有效的 UTF-8`,
          en: `parameter ${path}: percent-encoding is not valid UTF-8`,
        },
      });
      if (errors.length >= MAX_NAMED) break;
    }
  }
  return errors;
}

/**
 * Refuses a query string whose parameter names or values hold a NUL or a lone
 * surrogate, naming each parameter (`query.<name>`): a 400, not a database
 * error on a list route.
 */
export const refuseBadQuery: RequestHandler = (req, _res, next) => {
  if (!req.url.includes('?')) return next();
  const errors: FieldError[] = malformedQueryParts(req.url.slice(req.url.indexOf('?') + 1));
  // Malformed encodings are named alone: the parsed query of such a URL says nothing reliable.
  const parsed = errors.length ? [] : Object.entries(req.query as Record<string, unknown>);
  for (const [name, value] of parsed) {
    const values = Array.isArray(value) ? value : [value];
    const strings = [name, ...values.filter((v): v is string => typeof v === 'string')];
    // Cut as a malformed parameter's name is: up to twenty names are echoed, three times each.
    const path = `query.${name.replaceAll(NUL, '\\u0000').slice(0, 100)}`;
    if (strings.some((s) => s.includes(NUL)))
      errors.push({ path, code: 'invalid_character', message: NUL_MESSAGE(path) });
    else if (strings.some((s) => LONE_SURROGATE.test(s)))
      errors.push({ path, code: 'lone_surrogate', message: SURROGATE_MESSAGE(path) });
    if (errors.length >= MAX_NAMED) break;
  }
  if (errors.length === 0) return next();
  next(
    new ProblemError({
      status: 400,
      code: 'invalid-query',
      message: {
        zh: '查询参数含有无法处理的字符',
        en: 'query parameters contain characters that cannot be processed',
      },
      errors,
    }),
  );
};
