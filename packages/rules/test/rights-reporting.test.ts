import { describe, expect, it } from 'vitest';
import { can } from '../src/index.js';
import { actor, allowed, at } from './rights-fixture.js';

describe('rights of the reporting service (R-AC-1)', () => {
  it('R-BX-1: a case handler declares only for themselves; trial management and the statistician read declarations', () => {
    expect(allowed('reporting', at('declaration', { handler: 'someone' }))).toEqual(['case-handler']);
    expect(can(actor(['case-handler']), 'reporting', at('declaration', { handler: 'judge-b' }))).toBe(false);
    expect(allowed('viewing', at('declaration'))).toEqual(['trial-management', 'statistician']);
  });

  it('R-RP-1: trial management and the statistician generate their court’s reports; a case handler cannot', () => {
    expect(allowed('reporting', at('report'))).toEqual(['trial-management', 'statistician']);
    expect(can(actor(['trial-management']), 'reporting', at('report', { court: 'JL-CC-KC' }))).toBe(false);
  });

  it('R-AC-2: a higher court reads lower courts’ reports but never their records; a sibling court sees nothing', () => {
    const cc = actor(['statistician'], { court: 'JL-CC' });
    expect(can(cc, 'viewing', at('report'))).toBe(true);
    expect(can(cc, 'viewing', at('record'))).toBe(false);
    expect(can(actor(['statistician'], { court: 'JL-CC-KC' }), 'viewing', at('report'))).toBe(false);
  });
});
