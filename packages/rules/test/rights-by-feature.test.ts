import { describe, expect, it } from 'vitest';
import { can, listingScope } from '../src/index.js';
import { COURT, actor, allowed, at } from './rights-fixture.js';

describe('rights moved out of the services (R-AC-1)', () => {
  it('R-TR-2: only trial management files materials; trial management and auditors read refused attempts (R-TR-1)', () => {
    expect(allowed('processing', at('material-filing'))).toEqual(['trial-management']);
    expect(allowed('viewing', at('refused-attempt'))).toEqual(['trial-management', 'auditor']);
    expect(can(actor(['trial-management'], { court: 'JL-CC-KC' }), 'viewing', at('refused-attempt'))).toBe(
      false,
    );
  });

  it('R-TR-1: court-wide reading of materials is trial management’s and auditors’; a handler sees only their own', () => {
    expect(allowed('viewing', at('material'))).toEqual(['trial-management', 'auditor']);
    expect(
      can(actor(['case-handler'], { sub: 'judge-a' }), 'viewing', at('material', { handler: 'judge-a' })),
    ).toBe(true);
  });

  it('R-DL-1: only trial management acknowledges the copy of a record', () => {
    expect(allowed('processing', at('record-copy', { handler: 'someone', division: 'civil-1' }))).toEqual([
      'trial-management',
    ]);
  });

  it('R-PV-2: the whole audit chain is verified by trial management and auditors of that court; IT reads only the head', () => {
    expect(allowed('viewing', at('audit-chain'))).toEqual(['trial-management', 'auditor']);
    expect(can(actor(['auditor'], { court: 'JL-CC' }), 'viewing', at('audit-chain'))).toBe(false);
    // The view log of a record stays auditors' only: the chain grant does not widen 'audit'.
    expect(allowed('viewing', at('audit'))).toEqual(['auditor']);
  });

  it('R-SC-4: exempt opinions are listed court-wide for trial management, statistician and auditors, own for a handler, not at all for others', () => {
    expect(listingScope(actor(['statistician']), 'viewing', 'exempt-opinion')).toEqual({ court: COURT });
    expect(listingScope(actor(['case-handler'], { sub: 'judge-a' }), 'viewing', 'exempt-opinion')).toEqual({
      court: COURT,
      handlers: ['judge-a'],
      divisions: [],
    });
    for (const r of ['division-head', 'vice-president', 'it-admin', 'receiving-clerk', 'supervisor'])
      expect(listingScope(actor([r]), 'viewing', 'exempt-opinion')).toBeNull();
  });

  it('R-BX-2: identities are read by trial management, statistician and auditors, merged and split by trial management only', () => {
    expect(allowed('viewing', at('interferer-identity'))).toEqual([
      'trial-management',
      'statistician',
      'auditor',
    ]);
    expect(allowed('processing', at('interferer-identity'))).toEqual(['trial-management']);
  });

  it('R-BX-3: trial management draws samples; trial management, statistician and auditors read them; a division head verifies in their division only', () => {
    expect(allowed('processing', at('sample-draw'))).toEqual(['trial-management']);
    expect(allowed('viewing', at('sample-draw'))).toEqual(['trial-management', 'statistician', 'auditor']);
    expect(allowed('processing', at('sample-verification', { division: 'civil-1' }))).toEqual([
      'division-head',
    ]);
    expect(
      can(actor(['division-head']), 'processing', at('sample-verification', { division: 'civil-2' })),
    ).toBe(false);
    // A record without a division has no division head to verify it.
    expect(can(actor(['division-head']), 'processing', at('sample-verification'))).toBe(false);
  });

  it('R-AB-2: a complaint is read and acted on by the designated handlers (discipline inspection by default) of the court receiving it, not of the court below', () => {
    expect(allowed('viewing', at('complaint'))).toEqual(['auditor']);
    expect(allowed('processing', at('complaint'))).toEqual(['auditor']);
    expect(
      can(actor(['auditor'], { court: 'JL-CC-NG' }), 'viewing', at('complaint', { court: 'JL-CC' })),
    ).toBe(false);
  });

  it('R-EV-3: reconciliation and integrity checks are trial management’s and IT’s, in their own court', () => {
    for (const op of ['viewing', 'processing'] as const) {
      expect(allowed(op, at('store-integrity'))).toEqual(['trial-management', 'it-admin']);
      expect(can(actor(['it-admin'], { court: 'JL-CC-KC' }), op, at('store-integrity'))).toBe(false);
    }
  });
});
