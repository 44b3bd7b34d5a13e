import { describe, expect, it } from 'vitest';
import { ROLES, can, type ResourceKind } from '../src/index.js';

const COURT = 'JL-CC-NG';
/** The roles of the court that may do `operation` on `kind`, each acting alone. */
const who = (operation: 'processing' | 'viewing', kind: ResourceKind) =>
  ROLES.filter((r) =>
    can({ sub: 'x', court: COURT, division: 'civil-1', roles: [r] }, operation, { kind, court: COURT }),
  );

describe('who manages the system (Art 14, R-AC-1)', () => {
  it('R-AC-1: trial management keeps the holiday calendar and the staff directory (IT may load the directory), IT maintains the system and reads no record', () => {
    expect(who('processing', 'calendar')).toEqual(['trial-management']);
    expect([...who('processing', 'staff-directory')].sort()).toEqual(['it-admin', 'trial-management']);
    expect(who('processing', 'system')).toEqual(['it-admin']);
    expect(who('viewing', 'record')).not.toContain('it-admin');
    // Another court's trial management changes neither.
    const elsewhere = { sub: 'x', court: 'JL-CC-KC', division: 'tm', roles: ['trial-management'] };
    expect(can(elsewhere, 'processing', { kind: 'staff-directory', court: COURT })).toBe(false);
  });
});
