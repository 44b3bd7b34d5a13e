// Edges the other tests left open, found by mutation testing (npm run test:mutation): the exact
// instant of a deadline, messages a user reads, and inputs the rules must refuse.
import { describe, expect, it } from 'vitest';
import {
  CHANGCHUN_COURT_CONFIG,
  CourtHierarchy,
  LegalCalendar,
  can,
  classifySubmission,
  complaintRoute,
  deadline,
  dayPeriod,
  entryBlockers,
  isCivilDate,
  isRole,
  listingScope,
  quarterBounds,
  recipients,
  reminderAt,
  suggestSanction,
  timeliness,
  timelinessCategory,
  type Actor,
} from '../src/index.js';

const due = new Date('2026-03-05T15:59:59.999Z');
const at = (ms: number) => new Date(due.getTime() + ms);

describe('deadlines at their exact instant (R-DL-3, R-DL-5, R-RP-1)', () => {
  it('R-DL-5: met exactly at dueAt is on time; one millisecond later is late', () => {
    expect(timelinessCategory(due, at(0), at(10))).toBe('on-time');
    expect(timelinessCategory(due, at(1), at(10))).toBe('late');
    expect(timeliness({ dueAt: due }, at(0))).toEqual({ onTime: true, lateByMs: 0 });
    expect(timeliness({ dueAt: due }, at(1))).toEqual({ onTime: false, lateByMs: 1 });
  });

  it('R-RP-1: not met and looked at exactly at dueAt is still pending; a millisecond later missing', () => {
    expect(timelinessCategory(due, null, at(0))).toBe('pending');
    expect(timelinessCategory(due, null, at(1))).toBe('missing');
  });

  it('R-DL-5: a reminder never falls after the due instant, even for a deadline built by hand', () => {
    const odd = { dueDate: '2026-03-05', dueAt: new Date('2026-03-03T00:00:00Z') };
    expect(reminderAt(odd)).toEqual(odd.dueAt);
  });

  it('R-DL-3: instants must carry an offset (with or without a colon) and be real', () => {
    expect(deadline('entry', '2026-03-03T10:00:00+0800').startsAt).toEqual(new Date('2026-03-03T02:00:00Z'));
    // An offset inside the text but not at its end is not an instant's offset.
    expect(() => deadline('entry', 'Tue Mar 03 2026 10:00:00 GMT+0800 (CST)')).toThrow(/needs its offset/);
    expect(() => deadline('entry', '2026-13-45T00:00:00Z')).toThrow('not a valid instant');
    expect(() => deadline('entry', new Date(Number.NaN))).toThrow('not a valid instant');
    expect(() => dayPeriod('2026-02-30', 2)).toThrow('无效日期 / not a date: 2026-02-30');
    expect(() => deadline('quarterly-report', new Date())).toThrow(
      'quarterly-report needs a quarter YYYY-Qn',
    );
    expect(() => deadline('severe-escalation', '2026-03-03T10:00:00Z', { severeEscalationHours: 0 })).toThrow(
      'severeEscalationHours must be positive',
    );
    expect(() => deadline('nonsense' as 'entry', '2026-03-03T10:00:00Z')).toThrow(
      'unknown deadline kind nonsense',
    );
  });

  it('R-DL-3: civil dates are real dates; quarters start on their first day', () => {
    expect(isCivilDate('2026-02-28')).toBe(true);
    expect(isCivilDate('2026-02-30')).toBe(false);
    expect(isCivilDate('not a date')).toBe(false);
    expect(quarterBounds('2026-Q2').firstDay).toBe('2026-04-01');
  });
});

describe('the legal calendar refuses what it does not hold (R-DL-3)', () => {
  const y = (year: number, holidays: string[], makeUpWorkdays: string[] = []) => ({
    year,
    holidays,
    makeUpWorkdays,
  });

  it('R-DL-3: a year’s dates must lie in that year', () => {
    expect(() => new LegalCalendar([y(2030, ['2031-01-01'])])).toThrow('date 2031-01-01 is not in year 2030');
    expect(() => new LegalCalendar([y(2030, [], ['2029-12-30'])])).toThrow('not in year 2030');
  });

  it('R-DL-3: an uncovered year names the years covered, in order, or none', () => {
    const none = new LegalCalendar([]);
    expect(() => none.isRestDay('2030-01-01')).toThrow(/covered: none\)/);
    const two = new LegalCalendar([y(2031, []), y(2030, [])]);
    let caught: unknown;
    try {
      two.isRestDay('2035-01-01');
    } catch (e) {
      caught = e;
    }
    expect((caught as Error).name).toBe('CalendarNotCoveredError');
    expect((caught as Error).message).toMatch(/covered: 2030–2031\)/);
    expect(two.coveredYears).toEqual([2030, 2031]);
  });

  it('R-DL-3: make-up working days work; each year’s arrangement lists only its own dates', () => {
    // 2030-01-05 is a Saturday.
    const cal = new LegalCalendar([
      y(2030, ['2030-01-01'], ['2030-01-05']),
      y(2031, ['2031-01-01'], ['2031-01-04']),
    ]);
    expect(cal.isRestDay('2030-01-05')).toBe(false);
    expect(cal.isRestDay('2030-01-06')).toBe(true);
    expect(cal.arrangement(2030)).toEqual(y(2030, ['2030-01-01'], ['2030-01-05']));
    expect(cal.arrangement(2032)).toBeUndefined();
  });
});

describe('courts, routing and complaints at their edges (R-CT-1, R-RP-2, R-AB-2)', () => {
  it('R-CT-1: a hierarchy has exactly one root and a known reporting hub', () => {
    const twoRoots = {
      ...CHANGCHUN_COURT_CONFIG,
      courts: [
        ...CHANGCHUN_COURT_CONFIG.courts,
        { ...CHANGCHUN_COURT_CONFIG.courts[0]!, code: 'SPC-2', name: '另一个最高法院', parent: null },
      ],
    };
    expect(() => new CourtHierarchy(twoRoots)).toThrow('a court hierarchy has exactly one root, found 2');
    expect(() => new CourtHierarchy({ ...CHANGCHUN_COURT_CONFIG, reportingHub: 'XX' })).toThrow(
      'unknown reporting hub XX',
    );
  });

  it('R-RP-2: a court above the hub reports to its committee only; below a higher hub, level by level up to it', () => {
    expect(recipients({ court: 'JL' }).map((r) => `${r.kind}:${r.code}`)).toEqual(['committee:PLC:JL']);
    const highHub = new CourtHierarchy({ ...CHANGCHUN_COURT_CONFIG, reportingHub: 'JL' });
    expect(recipients({ court: 'JL-CC-NG' }, highHub).map((r) => `${r.kind}:${r.code}`)).toEqual([
      'committee:PLC:JL-CC-NG',
      'court:JL-CC',
      'court:JL',
    ]);
  });

  it('R-RP-2: each recipient says why it receives, and whether at once', () => {
    expect(recipients({ court: 'JL-CC-NG', involvesPrincipalLeader: true })).toEqual([
      // The region's own committee, whose principal leader this is, gets the report without the content.
      {
        kind: 'committee',
        code: 'PLC:JL-CC-NG',
        immediate: false,
        reasons: ['quarterly'],
        withholdContent: true,
      },
      { kind: 'court', code: 'JL-CC', immediate: false, reasons: ['quarterly', 'principal-leader'] },
      { kind: 'committee', code: 'PLC:JL-CC', immediate: false, reasons: ['principal-leader'] },
    ]);
  });

  it('R-AB-2: a complaint against an intermediate court goes to the high court and may reach the Supreme Court', () => {
    expect(complaintRoute('JL-CC')).toEqual({
      receivingCourt: 'JL',
      reportsTo: 'PLC:JL',
      mayEscalateTo: 'SPC',
    });
  });

  it('R-AB-1: a negative or fractional count of prior violations is refused, saying so', () => {
    expect(() => suggestSanction({ priorViolations: -1 })).toThrow(
      'priorViolations must be a whole number ≥ 0',
    );
  });
});

describe('rights at their edges (R-AC-1, R-AC-2)', () => {
  const base: Actor = { sub: 'me', court: 'JL-CC-NG', roles: [] };

  it('R-AC-1: roles are the nine of §1', () => {
    expect(isRole('auditor')).toBe(true);
    expect(isRole('admin')).toBe(false);
  });

  it('R-AC-2: a resource without a kind is a record', () => {
    const h: Actor = { ...base, roles: ['case-handler'] };
    expect(can(h, 'viewing', { court: 'JL-CC-NG', handler: 'me' })).toBe(true);
    expect(can({ ...h, roles: ['it-admin'] }, 'viewing', { court: 'JL-CC-NG', handler: 'me' })).toBe(false);
  });

  it('R-AC-2: without a division, a division head or vice-president sees no division, not the undivided records', () => {
    const undivided = { kind: 'record' as const, court: 'JL-CC-NG', handler: 'x' };
    expect(can({ ...base, roles: ['division-head'] }, 'viewing', undivided)).toBe(false);
    expect(can({ ...base, roles: ['vice-president'] }, 'viewing', undivided)).toBe(false);
    expect(listingScope({ ...base, roles: ['vice-president'] }, 'viewing', 'record')).toBeNull();
  });

  it('R-AC-2: a vice-president without a list of divisions is in charge of their own division', () => {
    const vp: Actor = { ...base, division: 'civil-1', roles: ['vice-president'] };
    expect(can(vp, 'viewing', { kind: 'record', court: 'JL-CC-NG', handler: 'x', division: 'civil-1' })).toBe(
      true,
    );
    expect(listingScope(vp, 'viewing', 'record')).toEqual({
      court: 'JL-CC-NG',
      handlers: [],
      divisions: ['civil-1'],
    });
    expect(listingScope({ ...vp, divisions: ['civil-2', 'civil-3'] }, 'viewing', 'record')).toEqual({
      court: 'JL-CC-NG',
      handlers: [],
      divisions: ['civil-2', 'civil-3'],
    });
    expect(
      listingScope({ ...base, division: 'civil-1', roles: ['division-head'] }, 'viewing', 'record'),
    ).toEqual({
      court: 'JL-CC-NG',
      handlers: [],
      divisions: ['civil-1'],
    });
  });
});

describe('what stands between a draft and its entry, said in both languages (R-RC-2, R-SC-4, R-SC-5)', () => {
  const bilingual = (x: { zh: string; en: string }) => {
    expect(x.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(x.en).toMatch(/[a-z]{3}/);
  };

  it('R-RC-2: an oral form needs place and persons present (an empty list is none); a network form evidence', () => {
    const oral = entryBlockers({
      form: 'oral',
      interferer: { kind: 'leading-cadre' },
      place: null,
      personsPresent: [],
      evidenceCount: 0,
    });
    expect(oral.map((b) => [b.code, b.field])).toEqual([
      ['place-required', 'place'],
      ['persons-present-required', 'personsPresent'],
    ]);
    oral.forEach(bilingual);
    const wechat = entryBlockers({ form: 'wechat', interferer: { kind: 'leading-cadre' }, evidenceCount: 0 });
    expect(wechat.map((b) => [b.code, b.field])).toEqual([['evidence-required', 'evidence']]);
    wechat.forEach(bilingual);
  });

  it('R-SC-2: staff and relatives of a cadre both need the cadre behind them', () => {
    for (const kind of ['cadre-staff', 'cadre-relative'] as const) {
      const b = entryBlockers({ form: 'letter', interferer: { kind }, evidenceCount: 1 });
      expect(b.map((x) => [x.code, x.field])).toEqual([['on-behalf-of-required', 'interferer.onBehalfOf']]);
      b.forEach(bilingual);
    }
  });

  it('R-SC-4, R-SC-5: refusals say why, in both languages; a missing commission reference is refused', () => {
    const internal = classifySubmission({ internalPersonnel: true });
    expect(internal).toMatchObject({ kind: 'refused', code: 'internal-personnel' });
    bilingual(internal as { zh: string; en: string });
    const noRef = classifySubmission({
      exemptOpinion: { source: 'party-or-government-organ', concernsStateOrPublicInterest: true },
    });
    expect(noRef).toMatchObject({ kind: 'refused', code: 'exemption-reference-required' });
    bilingual(noRef as { zh: string; en: string });
    const notApplicable = classifySubmission({
      exemptOpinion: { source: 'a company', commissionReference: 'r' },
    });
    expect(notApplicable).toMatchObject({ kind: 'refused', code: 'exemption-not-applicable' });
    bilingual(notApplicable as { zh: string; en: string });
  });
});
