import { describe, expect, it } from 'vitest';
import {
  MATRIX_KINDS,
  MATRIX_OPERATIONS,
  MATRIX_OUTSIDE_POSITIONS,
  MATRIX_POSITIONS,
  MATRIX_ROLES,
  matrixReach,
  type MatrixKind,
  type MatrixOutsidePosition,
  type MatrixPosition,
} from '@jir/testing';
import { OPERATIONS, RESOURCE_KINDS, ROLES, can, type Actor, type Resource } from '../src/index.js';

// The actor of every position: an intermediate court (so there are lower courts), division
// civil-1, in charge of civil-1 and civil-2 (only a vice-president reads `divisions`).
const actor = (role: string): Actor => ({
  sub: 'me',
  court: 'JL-CC',
  division: 'civil-1',
  divisions: ['civil-1', 'civil-2'],
  roles: [role],
});
const PLACES: Record<MatrixPosition | MatrixOutsidePosition, Omit<Resource, 'kind'>> = {
  own: { court: 'JL-CC', handler: 'me', division: 'civil-1' },
  division: { court: 'JL-CC', handler: 'other', division: 'civil-1' },
  'in-charge': { court: 'JL-CC', handler: 'other', division: 'civil-2' },
  court: { court: 'JL-CC', handler: 'other', division: 'criminal-1' },
  lower: { court: 'JL-CC-NG', handler: 'other', division: 'civil-1' },
  higher: { court: 'JL', handler: 'me', division: 'civil-1' },
  'unknown-court': { court: 'XX-NOWHERE', handler: 'me', division: 'civil-1' },
};
const known = (kind: string): kind is MatrixKind => (MATRIX_KINDS as readonly string[]).includes(kind);

describe('can() against the hand-written rights matrix (R-AC-1, R-AC-2, R-NF-8)', () => {
  it('R-AC-1: the matrix speaks for every role, operation and kind the rules define', () => {
    expect([...MATRIX_ROLES].sort()).toEqual([...ROLES].sort());
    expect([...MATRIX_OPERATIONS].sort()).toEqual([...OPERATIONS].sort());
    expect(RESOURCE_KINDS.filter((k) => !known(k))).toEqual([]);
  });

  for (const role of MATRIX_ROLES) {
    it(`R-AC-1: ${role}: every operation × kind × position is exactly what the matrix says`, () => {
      const wrong: string[] = [];
      for (const operation of MATRIX_OPERATIONS)
        for (const kind of RESOURCE_KINDS.filter(known)) {
          const reach = matrixReach(role, operation, kind);
          for (const position of [...MATRIX_POSITIONS, ...MATRIX_OUTSIDE_POSITIONS]) {
            const want = (reach as readonly string[]).includes(position);
            const got = can(actor(role), operation, { kind, ...PLACES[position] });
            if (got !== want) wrong.push(`${operation} ${kind} @${position}: can()=${got}, matrix=${want}`);
          }
        }
      expect(wrong).toEqual([]);
    });
  }

  it('R-AC-2: a higher court’s statistician, trial management and supervisor read a lower court’s reports and nothing of its records', () => {
    for (const role of ['statistician', 'trial-management', 'supervisor']) {
      expect(can(actor(role), 'viewing', { kind: 'report', ...PLACES.lower })).toBe(true);
      for (const kind of ['record', 'evidence', 'material', 'exempt-opinion'] as const)
        expect(can(actor(role), 'viewing', { kind, ...PLACES.lower })).toBe(false);
    }
  });

  it('R-AC-1: IT maintains the system and reads no record content (Art 14)', () => {
    for (const kind of ['record', 'evidence', 'material', 'report', 'ledger', 'audit'] as const)
      for (const position of MATRIX_POSITIONS)
        expect(can(actor('it-admin'), 'viewing', { kind, ...PLACES[position] })).toBe(false);
  });

  it('R-AC-1: several roles reach the union of their rights, no more', () => {
    const both: Actor = { ...actor('case-handler'), roles: ['case-handler', 'division-head'] };
    expect(can(both, 'viewing', { kind: 'record', ...PLACES.division })).toBe(true);
    expect(can(both, 'entry', { kind: 'record', ...PLACES.division })).toBe(false);
    expect(can(both, 'viewing', { kind: 'record', ...PLACES['in-charge'] })).toBe(false);
  });
});
