import { describe, expect, it } from 'vitest';
import {
  FORMS,
  classifySubmission,
  entryBlockers,
  formRequirements,
  interfererKindContradiction,
  isLeadingCadre,
  suggestSanction,
  INTERFERER_KINDS,
  UNIT_TYPES,
} from '../src/index.js';

describe('what is recorded (R-SC-1..5, R-RC-2, R-RC-3)', () => {
  it('R-SC-2: the five interferer kinds; R-SC-3: the unit types of Art 15', () => {
    expect(INTERFERER_KINDS).toEqual([
      'leading-cadre',
      'cadre-staff',
      'cadre-relative',
      'other-organisation',
      'other-person',
    ]);
    expect(UNIT_TYPES).toContain('military-organ');
    expect(UNIT_TYPES).toContain('cppcc');
  });

  it('R-SC-3: a retired leading cadre is a leading cadre; a leading post without state-functionary status is not', () => {
    expect(isLeadingCadre({ stateFunctionary: true, leadingPost: true, retired: true })).toBe(true);
    expect(isLeadingCadre({ stateFunctionary: false, leadingPost: true })).toBe(false);
  });

  it('R-SC-1: anything from outside the court is an external record, whoever sends it', () => {
    expect(classifySubmission({})).toEqual({ kind: 'external-record' });
  });

  it('R-SC-4: a commissioned opinion with its reference is exempt; without the reference it is refused with a reason', () => {
    expect(
      classifySubmission({
        exemptOpinion: { source: 'trade-association-or-chamber', commissionReference: '长中法委〔2026〕3号' },
      }),
    ).toEqual({ kind: 'exempt-opinion' });
    const r = classifySubmission({
      exemptOpinion: { source: 'party-or-government-organ', commissionReference: ' ' },
    });
    expect(r).toMatchObject({ kind: 'refused', code: 'exemption-reference-required' });
    expect(
      classifySubmission({ exemptOpinion: { source: 'company', commissionReference: 'x' } }),
    ).toMatchObject({
      code: 'exemption-not-applicable',
    });
    expect(
      classifySubmission({
        exemptOpinion: {
          source: 'party-or-government-organ',
          commissionReference: 'x',
          concernsStateOrPublicInterest: false,
        },
      }),
    ).toMatchObject({ code: 'exemption-not-applicable' });
  });

  it('R-SC-5: interference by the court’s own people is refused, naming the other regulation', () => {
    const r = classifySubmission({ internalPersonnel: true });
    expect(r).toMatchObject({ kind: 'refused', code: 'internal-personnel' });
    expect(r.kind === 'refused' && r.zh).toContain('司法机关内部人员过问案件');
  });

  it('R-SC-5: what starts inside any court of the city is refused; an outsider’s request stays external', () => {
    const inside = classifySubmission({ origin: 'courts-of-the-city' });
    expect(inside).toMatchObject({ kind: 'refused', code: 'internal-personnel' });
    expect(inside.kind === 'refused' && inside.zh).toContain('全市法院');
    expect(inside.kind === 'refused' && inside.en).toContain('relay');
    expect(classifySubmission({ origin: 'outside-the-courts' })).toEqual({ kind: 'external-record' });
    expect(classifySubmission({})).toEqual({ kind: 'external-record' });
  });

  it('R-RC-2: network forms need evidence before entry; other forms do not', () => {
    for (const form of ['sms', 'weibo', 'wechat', 'email', 'other-network'] as const) {
      expect(formRequirements(form).evidence).toBe(true);
      expect(
        entryBlockers({ form, interferer: { kind: 'leading-cadre' }, evidenceCount: 0 }).map((b) => b.code),
      ).toEqual(['evidence-required']);
      expect(entryBlockers({ form, interferer: { kind: 'leading-cadre' }, evidenceCount: 1 })).toEqual([]);
    }
    expect(FORMS.filter((f) => formRequirements(f).evidence)).toHaveLength(5);
  });

  it('R-RC-3: oral forms need place, persons present and confirmations', () => {
    expect(formRequirements('oral')).toEqual({
      evidence: false,
      place: true,
      personsPresent: true,
      confirmations: true,
    });
    const codes = entryBlockers({
      form: 'oral',
      interferer: { kind: 'leading-cadre' },
      evidenceCount: 0,
      place: '  ',
    }).map((b) => b.code);
    expect(codes).toEqual(['place-required', 'persons-present-required']);
    expect(
      entryBlockers({
        form: 'oral',
        interferer: { kind: 'leading-cadre' },
        evidenceCount: 0,
        place: '办公室',
        personsPresent: ['u1'],
      }),
    ).toEqual([]);
  });

  it('R-SC-2: staff and relatives need the leading cadre behind them', () => {
    const b = entryBlockers({ form: 'letter', interferer: { kind: 'cadre-relative' }, evidenceCount: 0 });
    expect(b).toEqual([
      expect.objectContaining({ code: 'on-behalf-of-required', field: 'interferer.onBehalfOf' }),
    ]);
  });
});

describe('sanctions (R-AB-1)', () => {
  it('R-AB-1: a first violation suggests warning and circulated criticism', () => {
    expect(suggestSanction({ priorViolations: 0 })).toEqual({
      measures: ['warning', 'circulated-criticism'],
      article: null,
    });
  });
  it('R-AB-1: from the second violation, a sanction under Art 54', () => {
    expect(suggestSanction({ priorViolations: 1 })).toEqual({
      measures: ['disciplinary-sanction'],
      article: 54,
    });
    expect(suggestSanction({ priorViolations: 5 }).article).toBe(54);
  });
  it('R-AB-1: a supervisor who instructed it, a sanction under Art 76', () => {
    expect(suggestSanction({ priorViolations: 0, instructedBySupervisor: true })).toEqual({
      measures: ['disciplinary-sanction'],
      article: 76,
    });
  });
  it('R-AB-1: a negative or fractional count is refused', () => {
    expect(() => suggestSanction({ priorViolations: -1 })).toThrow();
    expect(() => suggestSanction({ priorViolations: 1.5 })).toThrow();
  });
});

describe('leading cadres follow from the facts (R-SC-3)', () => {
  it('R-SC-3: state-functionary status in a leading post makes a leading cadre, retired included', () => {
    expect(
      interfererKindContradiction({
        kind: 'leading-cadre',
        stateFunctionary: true,
        leadingPost: true,
        retired: true,
      }),
    ).toBeNull();
    expect(
      interfererKindContradiction({ kind: 'leading-cadre', stateFunctionary: true, leadingPost: false }),
    ).toMatchObject({ en: expect.stringContaining('leading post') });
    expect(
      interfererKindContradiction({
        kind: 'other-person',
        stateFunctionary: true,
        leadingPost: true,
        retired: true,
      }),
    ).toMatchObject({ en: expect.stringContaining('retired included') });
    expect(
      interfererKindContradiction({ kind: 'other-person', stateFunctionary: false, leadingPost: true }),
    ).toBeNull();
    // Unstated facts judge nothing; staff and relatives are their own kinds.
    expect(interfererKindContradiction({ kind: 'leading-cadre' })).toBeNull();
    expect(
      interfererKindContradiction({ kind: 'cadre-staff', stateFunctionary: true, leadingPost: true }),
    ).toBeNull();
  });
});
