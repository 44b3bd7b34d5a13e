import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../src/signing/canonical-json.js';

describe('canonical JSON (R-RP-4: one report, one digest, whoever serialises it)', () => {
  it('R-RP-4: sorts keys at every level, drops undefined members, writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 'x', c: null }, undefined], e: undefined, 中: '文' })).toBe(
      '{"a":[{"c":null,"d":"x"},null],"b":1,"中":"文"}',
    );
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson('a"b\u2028')).toBe(JSON.stringify('a"b\u2028'));
    expect(canonicalJson({})).toBe('{}');
    expect(canonicalJson([])).toBe('[]');
  });

  it('R-RP-4: any value and any reordering of its keys give the same text, stable when re-serialised, which parses back to the value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        // The same value with every object's keys in reverse order serialises identically.
        const reversed = JSON.parse(JSON.stringify(value), (_k, v: unknown) =>
          v && typeof v === 'object' && !Array.isArray(v)
            ? Object.fromEntries(Object.entries(v).reverse())
            : v,
        ) as unknown;
        expect(canonicalJson(reversed)).toBe(text);
        // Serialising its own output again changes nothing (JSON.parse puts integer-like keys first).
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 300 },
    );
  });

  it('R-RP-4: a report stored before this serialiser was rewritten still hashes to its recorded digest', () => {
    // A digest computed with the first implementation of canonicalJson over this value.
    const snapshot = {
      id: 'r1',
      totals: { records: 2, byForm: [{ code: 'oral', label: '口头', count: 2 }] },
      specialItems: [],
      provisional: false,
      note: undefined,
    };
    const digest = createHash('sha256').update(canonicalJson(snapshot)).digest('hex');
    expect(digest).toBe(
      createHash('sha256')
        .update(
          '{"id":"r1","provisional":false,"specialItems":[],"totals":{"byForm":[{"code":"oral","count":2,"label":"口头"}],"records":2}}',
        )
        .digest('hex'),
    );
  });
});
