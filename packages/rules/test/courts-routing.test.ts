import { describe, expect, it } from 'vitest';
import { CHANGCHUN_COURT_CONFIG, CourtHierarchy, DEFAULT_COURTS, recipients } from '../src/index.js';

const codes = (rs: ReturnType<typeof recipients>) =>
  rs.map((r) => `${r.kind}:${r.code}${r.immediate ? '!' : ''}`).sort();

describe('courts (R-CT-1)', () => {
  it('R-CT-1: the default hierarchy runs SPC → JL → JL-CC → eleven basic courts', () => {
    expect(DEFAULT_COURTS.courts).toHaveLength(14);
    expect(DEFAULT_COURTS.ancestors('JL-CC-NG').map((c) => c.code)).toEqual(['JL-CC', 'JL', 'SPC']);
    expect(DEFAULT_COURTS.get('JL-CC-GZL').name).toBe('公主岭市人民法院');
    expect(DEFAULT_COURTS.get('JL-CC-NG').committee).toEqual({
      code: 'PLC:JL-CC-NG',
      name: '南关区委政法委',
    });
    expect(DEFAULT_COURTS.get('JL-CC').committee.name).toBe('长春市委政法委');
  });

  it('R-CT-1: a configuration with an unknown parent, two roots or an inverted level is refused', () => {
    const bad = (mutate: (c: typeof CHANGCHUN_COURT_CONFIG) => void) => {
      const c = structuredClone(CHANGCHUN_COURT_CONFIG);
      mutate(c);
      return () => new CourtHierarchy(c);
    };
    expect(bad((c) => (c.courts[3]!.parent = 'NOPE'))).toThrow(/unknown parent/);
    expect(bad((c) => (c.courts[3]!.parent = null))).toThrow(/one root/);
    expect(bad((c) => (c.courts[2]!.level = 'basic'))).toThrow(/cannot sit under/);
    expect(bad((c) => c.courts.push(c.courts[3]!))).toThrow(/duplicate/);
  });
});

describe('report routing (R-RP-2)', () => {
  it('R-RP-2: a basic court reports quarterly to its committee and to Changchun Intermediate Court', () => {
    expect(codes(recipients({ court: 'JL-CC-NG' }))).toEqual(['committee:PLC:JL-CC-NG', 'court:JL-CC']);
  });

  it('R-RP-2: the intermediate court reports quarterly to its own committee', () => {
    expect(codes(recipients({ court: 'JL-CC' }))).toEqual(['committee:PLC:JL-CC']);
  });

  it('R-RP-2: a principal leader of the same-level committee adds the committee and the court one level up', () => {
    expect(codes(recipients({ court: 'JL-CC-KC', involvesPrincipalLeader: true }))).toEqual([
      'committee:PLC:JL-CC',
      'committee:PLC:JL-CC-KC',
      'court:JL-CC',
    ]);
    expect(codes(recipients({ court: 'JL-CC', involvesPrincipalLeader: true }))).toEqual([
      'committee:PLC:JL',
      'committee:PLC:JL-CC',
      'court:JL',
    ]);
  });

  it('R-RP-2, R-DL-4: a severe record goes immediately, level by level, up to the Supreme People’s Court, and at once to the region’s committee', () => {
    const rs = recipients({ court: 'JL-CC-NG', severe: true });
    expect(codes(rs)).toEqual(['committee:PLC:JL-CC-NG!', 'court:JL!', 'court:JL-CC!', 'court:SPC!']);
    expect(rs.find((r) => r.code === 'PLC:JL-CC-NG')?.reasons).toEqual(['quarterly', 'severe']);
    expect(rs.filter((r) => r.kind === 'court').map((r) => r.code)).toEqual(['JL-CC', 'JL', 'SPC']);
    expect(rs.find((r) => r.code === 'JL-CC')?.reasons).toEqual(['quarterly', 'severe']);
  });

  it('R-RP-2: a severe record with a principal leader also goes at once to the committee one level up', () => {
    const rs = recipients({ court: 'JL-CC-NG', severe: true, involvesPrincipalLeader: true });
    expect(codes(rs)).toEqual([
      'committee:PLC:JL-CC!',
      'committee:PLC:JL-CC-NG!',
      'court:JL!',
      'court:JL-CC!',
      'court:SPC!',
    ]);
    expect(rs.find((r) => r.code === 'PLC:JL-CC')?.reasons).toEqual(['principal-leader', 'severe']);
  });

  it('R-RP-2: the principal leader’s own committee gets no content of the record by default; configured, it does', () => {
    const withheld = (rs: ReturnType<typeof recipients>) =>
      rs.filter((r) => r.withholdContent).map((r) => r.code);
    expect(withheld(recipients({ court: 'JL-CC-KC', involvesPrincipalLeader: true }))).toEqual([
      'PLC:JL-CC-KC',
    ]);
    expect(withheld(recipients({ court: 'JL-CC-KC', involvesPrincipalLeader: true, severe: true }))).toEqual([
      'PLC:JL-CC-KC',
    ]);
    expect(
      withheld(
        recipients({
          court: 'JL-CC-KC',
          involvesPrincipalLeader: true,
          principalLeaderContentToOwnCommittee: true,
        }),
      ),
    ).toEqual([]);
    // Without a principal leader nothing is withheld from anyone.
    expect(withheld(recipients({ court: 'JL-CC-KC', severe: true }))).toEqual([]);
  });

  it('R-RP-2: an unknown court is an error, not an empty list', () => {
    expect(() => recipients({ court: 'XX' })).toThrow(/unknown court/);
  });
});
