import { describe, expect, it } from 'vitest';
import { GRANTS, OPERATIONS, ROLES, can, listingScope, type Resource } from '../src/index.js';
import { actor } from './rights-fixture.js';

const record: Resource = { kind: 'record', court: 'JL-CC-NG', handler: 'judge-a', division: 'civil-1' };

describe('rights (R-AC-1, R-AC-2)', () => {
  it('R-AC-1: every grant names a known role and operation', () => {
    for (const g of GRANTS) {
      expect(ROLES).toContain(g.role);
      expect(OPERATIONS).toContain(g.operation);
    }
  });

  it('R-AC-2: a record is seen by its handler, division head, vice-president, trial management, statistician and auditor', () => {
    expect(can(actor(['case-handler'], { sub: 'judge-a' }), 'viewing', record)).toBe(true);
    expect(can(actor(['division-head']), 'viewing', record)).toBe(true);
    expect(
      can(actor(['vice-president'], { division: 'x', divisions: ['civil-1', 'civil-2'] }), 'viewing', record),
    ).toBe(true);
    expect(can(actor(['trial-management'], { division: 'tm' }), 'viewing', record)).toBe(true);
    expect(can(actor(['statistician'], { division: 'tm' }), 'viewing', record)).toBe(true);
    expect(can(actor(['auditor'], { division: 'dis' }), 'viewing', record)).toBe(true);
  });

  it('R-AC-2: nobody else sees it: another handler, another division, IT, a receiving clerk, a higher court', () => {
    expect(can(actor(['case-handler'], { sub: 'judge-b' }), 'viewing', record)).toBe(false);
    expect(can(actor(['division-head'], { division: 'civil-2' }), 'viewing', record)).toBe(false);
    expect(
      can(actor(['vice-president'], { division: 'x', divisions: ['criminal'] }), 'viewing', record),
    ).toBe(false);
    expect(can(actor(['it-admin']), 'viewing', record)).toBe(false);
    expect(can(actor(['receiving-clerk']), 'viewing', record)).toBe(false);
    expect(can(actor(['supervisor'], { court: 'JL-CC' }), 'viewing', record)).toBe(false);
    expect(can(actor(['trial-management'], { court: 'JL-CC' }), 'viewing', record)).toBe(false);
    expect(can(actor([]), 'viewing', record)).toBe(false);
  });

  it('R-AC-1: only the handler enters and amends their own records', () => {
    expect(can(actor(['case-handler'], { sub: 'judge-a' }), 'entry', record)).toBe(true);
    expect(can(actor(['case-handler'], { sub: 'judge-a', court: 'JL-CC-KC' }), 'entry', record)).toBe(false);
    expect(can(actor(['division-head']), 'entry', record)).toBe(false);
    expect(can(actor(['auditor']), 'processing', record)).toBe(false);
  });

  it('R-AC-1: a higher court sees lower courts’ reports, not its own level’s or a sibling’s', () => {
    const report = (court: string): Resource => ({ kind: 'report', court });
    const sup = actor(['supervisor'], { court: 'JL-CC' });
    expect(can(sup, 'viewing', report('JL-CC-NG'))).toBe(true);
    expect(can(actor(['supervisor'], { court: 'JL' }), 'viewing', report('JL-CC-NG'))).toBe(true);
    expect(can(actor(['supervisor'], { court: 'JL-CC-KC' }), 'viewing', report('JL-CC-NG'))).toBe(false);
    expect(can(actor(['supervisor'], { court: 'JL-CC-NG' }), 'viewing', report('JL-CC'))).toBe(false);
  });

  it('R-AC-1: only authorised receivers and trial management register materials', () => {
    const material: Resource = { kind: 'material', court: 'JL-CC-NG' };
    expect(can(actor(['receiving-clerk']), 'entry', material)).toBe(true);
    expect(can(actor(['trial-management']), 'entry', material)).toBe(true);
    expect(can(actor(['statistician']), 'entry', material)).toBe(false);
    expect(can(actor(['it-admin']), 'entry', material)).toBe(false);
  });

  it('R-AC-1: the listing scope narrows queries to what each role may see', () => {
    expect(listingScope(actor(['trial-management']), 'viewing', 'record')).toEqual({ court: 'JL-CC-NG' });
    expect(listingScope(actor(['case-handler'], { sub: 'judge-a' }), 'viewing', 'record')).toEqual({
      court: 'JL-CC-NG',
      handlers: ['judge-a'],
      divisions: [],
    });
    expect(
      listingScope(actor(['case-handler', 'division-head'], { sub: 'judge-a' }), 'viewing', 'record'),
    ).toEqual({
      court: 'JL-CC-NG',
      handlers: ['judge-a'],
      divisions: ['civil-1'],
    });
    expect(listingScope(actor(['it-admin']), 'viewing', 'record')).toBeNull();
  });

  it('R-PV-2: the signed audit head is read by trial management, auditors and IT of that court only', () => {
    const head: Resource = { kind: 'audit-head', court: 'JL-CC-NG' };
    for (const r of ['trial-management', 'auditor', 'it-admin']) {
      expect(can(actor([r]), 'viewing', head)).toBe(true);
      expect(can(actor([r], { court: 'JL-CC-KC' }), 'viewing', head)).toBe(false);
      expect(can(actor([r]), 'processing', head)).toBe(false);
    }
    for (const r of ['case-handler', 'division-head', 'vice-president', 'statistician', 'supervisor'])
      expect(can(actor([r]), 'viewing', head)).toBe(false);
    expect(can(actor(['supervisor'], { court: 'JL-CC' }), 'viewing', head)).toBe(false);
  });
});
