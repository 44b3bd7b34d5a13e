import { describe, expect, it } from 'vitest';
import { holdsDirectoryRole } from '../src/index.js';

describe('directory roles on the transfer chain (R-TR-1)', () => {
  it('R-TR-1: a recipient holds the level’s role only if the directory lists it for them', () => {
    expect(holdsDirectoryRole(['division-head', 'case-handler'], 'division-head')).toBe(true);
    expect(holdsDirectoryRole(['division-head'], 'vice-president')).toBe(false);
    expect(holdsDirectoryRole([], 'case-handler')).toBe(false);
  });
});
