// Hand-made bad input for the services' bad-input tests: values that break things, and valid
// bodies broken in a few places. One copy, so every service is fed the same nasty values (each
// adds the few that are nasty for its own fields).
import fc from 'fast-check';

/**
 * Values that break things: wrong types, Chinese, emoji, huge and SQL-looking strings, control
 * characters. `table` names the service's own table in the SQL-looking string; `more` adds
 * strings nasty for the service's fields (impossible dates, unknown quarters); `arrayItems`
 * replaces the items of the generated arrays (strings by default).
 */
export function nastyValue(opts: {
  table: string;
  more?: string[];
  arrayItems?: fc.Arbitrary<unknown>;
}): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double(),
    fc.constant(''),
    fc.string(),
    fc.string({ unit: 'grapheme', maxLength: 50 }),
    fc.constantFrom(
      `'; DROP TABLE ${opts.table}; --`,
      '\u0000',
      '😀'.repeat(500),
      '过'.repeat(30_000),
      '../../etc/passwd',
      '{"$gt":""}',
      '\u202e',
      'NaN',
      ...(opts.more ?? []),
    ),
    fc.array(opts.arrayItems ?? fc.string(), { maxLength: 5 }),
    fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }), { maxKeys: 3 }),
  );
}

/** Sets a dotted path (`interferer.name`, `specialItems.0`) in `obj`, making objects on the way. */
function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let o = obj;
  for (const k of keys.slice(0, -1)) {
    if (typeof o[k] !== 'object' || o[k] === null) o[k] = {};
    o = o[k] as Record<string, unknown>;
  }
  o[keys[keys.length - 1]!] = value;
}

/**
 * A valid body broken in one to three places: a field (of `paths`, dotted for nested ones; the
 * body's own keys by default) set to a `nasty` value or deleted (undefined, dropped by JSON), or
 * an unknown key added.
 */
export function brokenBody(
  valid: Record<string, unknown>,
  nasty: fc.Arbitrary<unknown>,
  paths: readonly string[] = Object.keys(valid),
): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .array(fc.tuple(fc.constantFrom(...paths, 'unknownField'), fc.oneof(nasty, fc.constant(undefined))), {
      minLength: 1,
      maxLength: 3,
    })
    .map((edits) => {
      const body = structuredClone(valid);
      for (const [p, v] of edits) setPath(body, p, v);
      return body;
    });
}

/**
 * Raw bodies that are no JSON object at all or broken JSON, one with `duplicated` given twice,
 * and one whose `huge` field is past any body limit: each must be refused cleanly.
 */
export function rawGarbageBodies(fields: { duplicated: string; huge: string }): string[] {
  return [
    '',
    '{',
    '{"a":1}}',
    '\u0000',
    'null',
    '[]',
    '"text"',
    `{"${fields.duplicated}":1,"${fields.duplicated}":2}`,
    `{"${fields.huge}":"${'x'.repeat(300_000)}"}`,
  ];
}
