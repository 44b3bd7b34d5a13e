import { describe, expect, it } from 'vitest';
import { ROLES, can, listingScope, type Actor, type Resource } from '../src/index.js';

const actor = (role: string, o: Partial<Actor> = {}): Actor => ({
  sub: 'me',
  court: 'JL-CC-NG',
  division: 'civil-1',
  roles: [role],
  ...o,
});
const duty = (o: Partial<Resource> = {}): Resource => ({
  kind: 'obligation',
  court: 'JL-CC-NG',
  handler: 'judge-a',
  division: 'civil-1',
  ...o,
});

describe('rights over deadline duties and the calendar (R-DL-1…R-DL-6, R-AC-1, R-AC-2)', () => {
  it('R-DL-5: only trial management waives a duty, and only in its own court', () => {
    const waivers = ROLES.filter((r) => can(actor(r), 'processing', duty()));
    expect(waivers).toEqual(['trial-management']);
    expect(can(actor('trial-management', { court: 'JL-CC-KC' }), 'processing', duty())).toBe(false);
    expect(can(actor('trial-management', { court: 'JL-CC' }), 'processing', duty())).toBe(false);
  });

  it('R-DL-3: only trial management loads the calendar deadlines are computed from', () => {
    expect(ROLES.filter((r) => can(actor(r), 'processing', { kind: 'calendar', court: 'JL-CC-NG' }))).toEqual(
      ['trial-management'],
    );
  });

  it('R-AC-2: a duty is read like its record: handler own, division head the division, the court’s trial management, statistician and auditor', () => {
    expect(can(actor('case-handler', { sub: 'judge-a' }), 'viewing', duty())).toBe(true);
    expect(can(actor('case-handler', { sub: 'judge-b' }), 'viewing', duty())).toBe(false);
    expect(can(actor('division-head'), 'viewing', duty())).toBe(true);
    expect(can(actor('division-head', { division: 'criminal-1' }), 'viewing', duty())).toBe(false);
    for (const r of ['trial-management', 'statistician', 'auditor'])
      expect(can(actor(r, { division: 'tm' }), 'viewing', duty({ division: 'criminal-1' }))).toBe(true);
    for (const r of ['it-admin', 'receiving-clerk', 'supervisor'])
      expect(can(actor(r), 'viewing', duty())).toBe(false);
    // A higher court reads its lower courts' compliance as reports, never their duties one by one.
    for (const r of ['supervisor', 'trial-management', 'statistician'])
      expect(can(actor(r, { court: 'JL-CC' }), 'viewing', duty())).toBe(false);
  });

  it('R-AC-2: the listing scope of duties narrows a handler to own and a division head to the division', () => {
    expect(listingScope(actor('case-handler'), 'viewing', 'obligation')).toEqual({
      court: 'JL-CC-NG',
      handlers: ['me'],
      divisions: [],
    });
    expect(listingScope(actor('division-head'), 'viewing', 'obligation')).toEqual({
      court: 'JL-CC-NG',
      handlers: [],
      divisions: ['civil-1'],
    });
    expect(listingScope(actor('auditor'), 'viewing', 'obligation')).toEqual({ court: 'JL-CC-NG' });
    expect(listingScope(actor('it-admin'), 'viewing', 'obligation')).toBeNull();
  });
});
