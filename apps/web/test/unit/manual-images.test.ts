import { readFileSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MANUAL = fileURLToPath(new URL('../../src/client/manual/', import.meta.url));

describe('the manual’s screenshots (R-MN-1)', () => {
  it('R-MN-1: every screenshot the part-1 manual shows exists, is a small PNG, and none lies unused', () => {
    const md = readFileSync(`${MANUAL}manual.zh.md`, 'utf8');
    const named = [...md.matchAll(/!\[[^\]]+\]\((images\/[^)]+)\)/g)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThanOrEqual(10);
    const files = readdirSync(`${MANUAL}images`).map((f) => `images/${f}`);
    expect(named.filter((n) => !files.includes(n))).toEqual([]);
    // The tests save into the same folder: a screenshot no manual names is dead weight.
    const office = readFileSync(`${MANUAL}office.zh.md`, 'utf8');
    expect(files.filter((f) => !md.includes(f) && !office.includes(f))).toEqual([]);
    for (const f of files) {
      const bytes = readFileSync(`${MANUAL}${f}`);
      expect(bytes.subarray(1, 4).toString(), f).toBe('PNG');
      expect(statSync(`${MANUAL}${f}`).size, f).toBeLessThan(300_000);
    }
  });
});
