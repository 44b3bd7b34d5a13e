import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, ProblemError, badStrings, jsonDepthExceeds, verifyJsonBody } from '../src/index.js';

// The measures the door applies to a body before any handler sees it (R-NF-7), checked on the
// functions themselves: the HTTP tests show a refusal happens, these show exactly where the line is.

/** Runs body-parser's verify hook as body-parser would, returning the problem it throws, if any. */
function verify(body: Buffer | string, encoding = 'utf-8', limit?: number): ProblemError | undefined {
  const buf =
    typeof body === 'string' ? Buffer.from(body, encoding === 'utf-16le' ? 'utf16le' : 'utf8') : body;
  try {
    (limit === undefined ? verifyJsonBody() : verifyJsonBody(limit))(undefined, undefined, buf, encoding);
    return undefined;
  } catch (e) {
    if (e instanceof ProblemError) return e;
    throw e;
  }
}

const nested = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;

describe('JSON depth (R-NF-7)', () => {
  it('R-NF-7: the depth is that of the deepest bracket; closing brackets bring it back down', () => {
    for (const text of [nested(3), Buffer.from(nested(3))]) {
      expect(jsonDepthExceeds(text, 3)).toBe(false);
      expect(jsonDepthExceeds(text, 2)).toBe(true);
    }
    // Many shallow siblings are not deep: each ] and } closes what was opened.
    const siblings = `[${'[],{},'.repeat(100)}{"a":[{}]}]`;
    expect(jsonDepthExceeds(siblings, 4)).toBe(false);
    expect(jsonDepthExceeds(siblings, 3)).toBe(true);
    expect(jsonDepthExceeds('{"a":{"b":{}}}', 2)).toBe(true);
  });

  it('R-NF-7: brackets inside strings, after an escaped quote or escaped backslash, do not count', () => {
    // An escaped quote does not end the string, so the brackets after it are still text.
    expect(jsonDepthExceeds('["\\"[[[[["]', 1)).toBe(false);
    expect(jsonDepthExceeds(Buffer.from('["\\"[[[[["]'), 1)).toBe(false);
    // An escaped backslash does end before the quote, so what follows the string counts again.
    expect(jsonDepthExceeds('["\\\\",[[]]]', 2)).toBe(true);
    expect(jsonDepthExceeds('["\\\\",[[]]]', 3)).toBe(false);
    expect(jsonDepthExceeds('"[[[["', 0)).toBe(false);
  });

  it('R-NF-7: the default limit is 64 levels', () => {
    expect(MAX_JSON_DEPTH).toBe(64);
    expect(verify(nested(64))).toBeUndefined();
    expect(verify(nested(65))).toMatchObject({ status: 400, code: 'json-too-deep' });
    expect(verify(nested(3), 'utf-8', 2)).toMatchObject({ status: 400, code: 'json-too-deep' });
    expect(verify(nested(3), 'utf-8', 2)!.bilingual.en).toContain('at most 2 levels');
  });
});

describe('body bytes (R-NF-7, R-RC-4)', () => {
  const notUtf8 = Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);

  it('R-RC-4: bytes that are not UTF-8 are refused, however the charset is spelt, and never replaced', () => {
    for (const enc of ['utf-8', 'utf8', 'UTF-8']) {
      const p = verify(notUtf8, enc);
      expect(p).toMatchObject({ status: 400, code: 'invalid-encoding' });
      expect(p!.bilingual.en).toContain('not valid UTF-8');
    }
    expect(verify('{"a":"中文"}')).toBeUndefined();
  });

  it('R-NF-7: a body in another charset is measured after decoding it', () => {
    expect(verify(nested(3), 'utf-16le', 3)).toBeUndefined();
    expect(verify(nested(4), 'utf-16le', 3)).toMatchObject({ code: 'json-too-deep' });
  });
});

describe('strings PostgreSQL cannot store (R-NF-7)', () => {
  it('R-NF-7: names each bad key and value by its path: an object’s keys first, then its values in order', () => {
    expect(
      badStrings({
        ok: 'fine',
        a: 'x\u0000',
        list: ['ok', '\ud800', { deep: ['\udfff'] }],
        'k\u0000': 1,
        pair: '\ud83d\ude00',
      }),
    ).toEqual([
      { path: 'k\u0000', kind: 'nul' },
      { path: 'a', kind: 'nul' },
      { path: 'list[1]', kind: 'surrogate' },
      { path: 'list[2].deep[0]', kind: 'surrogate' },
    ]);
    expect(badStrings('\u0000')).toEqual([{ path: '(body)', kind: 'nul' }]);
    expect(badStrings(['\ud800'])).toEqual([{ path: '[0]', kind: 'surrogate' }]);
    // A NUL beside a lone surrogate in one string is named once, as the NUL.
    expect(badStrings({ both: '\u0000\ud800' })).toEqual([{ path: 'both', kind: 'nul' }]);
    expect(badStrings({ n: 1, b: true, z: null, s: 'ok' })).toEqual([]);
  });

  it('R-NF-7: at most twenty bad fields are named, the first twenty', () => {
    const many = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`f${i}`, '\u0000']));
    const bad = badStrings(many);
    expect(bad).toHaveLength(20);
    expect(bad[0]!.path).toBe('f0');
    expect(bad[19]!.path).toBe('f19');
    // Also when one object has more bad keys than that: they are all found at once, and cut.
    const keys = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`k${i}\u0000`, 1]));
    expect(badStrings(keys)).toHaveLength(20);
  });
});
