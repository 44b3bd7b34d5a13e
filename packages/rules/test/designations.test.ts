import { describe, expect, it } from 'vitest';
import { DEFAULT_DESIGNATIONS, can, type Role } from '../src/index.js';

const actor = (roles: Role[], court = 'JL-CC-NG') => ({ sub: 'u', court, roles });

describe('designated duties are configuration (Art 11, Art 12)', () => {
  it('R-AB-1: ledger findings are recorded by trial management and discipline inspection by default; a deployment can name others', () => {
    expect([...DEFAULT_DESIGNATIONS.ledgerFinders]).toEqual(['trial-management', 'auditor']);
    const ledger = { kind: 'ledger' as const, court: 'JL-CC-NG' };
    expect(can(actor(['auditor']), 'processing', ledger)).toBe(true);
    expect(can(actor(['trial-management']), 'processing', ledger)).toBe(true);
    expect(can(actor(['statistician']), 'processing', ledger)).toBe(false);
    const onlyInspection = { ...ledger, designatedRoles: ['auditor'] as const };
    expect(can(actor(['trial-management']), 'processing', onlyInspection)).toBe(false);
    expect(can(actor(['auditor']), 'processing', onlyInspection)).toBe(true);
    // Reading the ledger is not a designated duty: the configuration leaves it alone.
    expect(can(actor(['trial-management']), 'viewing', onlyInspection)).toBe(true);
    expect(can(actor(['auditor'], 'JL-CC-KC'), 'processing', onlyInspection)).toBe(false);
  });

  it('R-AB-2: complaints are handled by a configurable role, discipline inspection by default, never the statistician unless named', () => {
    const complaint = { kind: 'complaint' as const, court: 'JL-CC' };
    expect(can(actor(['auditor'], 'JL-CC'), 'processing', complaint)).toBe(true);
    expect(can(actor(['statistician'], 'JL-CC'), 'viewing', complaint)).toBe(false);
    const named = { ...complaint, designatedRoles: ['statistician', 'trial-management'] as const };
    expect(can(actor(['statistician'], 'JL-CC'), 'viewing', named)).toBe(true);
    expect(can(actor(['trial-management'], 'JL-CC'), 'processing', named)).toBe(true);
    expect(can(actor(['auditor'], 'JL-CC'), 'processing', named)).toBe(false);
    expect(can(actor(['statistician'], 'JL-CC-NG'), 'viewing', named)).toBe(false);
  });
});
