import { describe, expect, it } from 'vitest';
import { FORMS, SPOKEN_FORMS, entryBlockers, formRequirements } from '../src/index.js';

describe('spoken forms (Art 4, R-RC-3)', () => {
  it('R-RC-3: a telephone call is spoken (口头): it needs the place and the persons present like an oral approach', () => {
    expect(formRequirements('telephone')).toEqual({
      evidence: false,
      place: true,
      personsPresent: true,
      confirmations: true,
    });
    expect(
      entryBlockers({ form: 'telephone', interferer: { kind: 'leading-cadre' }, evidenceCount: 0 }).map(
        (b) => [b.code, b.field],
      ),
    ).toEqual([
      ['place-required', 'place'],
      ['persons-present-required', 'personsPresent'],
    ]);
    expect(FORMS.filter((f) => formRequirements(f).personsPresent)).toEqual([...SPOKEN_FORMS]);
    expect([...SPOKEN_FORMS].sort()).toEqual(['meeting', 'oral', 'telephone']);
  });

  it('R-RC-3: "no other person present" is said explicitly; an empty list alone still blocks entry', () => {
    const base = {
      form: 'telephone' as const,
      interferer: { kind: 'leading-cadre' as const },
      evidenceCount: 0,
    };
    const place = '本人办公室';
    expect(entryBlockers({ ...base, place, personsPresent: [] }).map((b) => b.code)).toEqual([
      'persons-present-required',
    ]);
    expect(
      entryBlockers({ ...base, place, personsPresent: [], noOtherPersonPresent: false }).map((b) => b.code),
    ).toEqual(['persons-present-required']);
    expect(entryBlockers({ ...base, place, personsPresent: [], noOtherPersonPresent: true })).toEqual([]);
    expect(entryBlockers({ ...base, form: 'oral', place, noOtherPersonPresent: true })).toEqual([]);
    const b = entryBlockers({ ...base, place });
    expect(b[0]!.zh).toContain('无其他人在场');
    expect(b[0]!.en).toContain('no other person was present');
  });

  it('R-RC-3: written and network forms need neither place nor persons present', () => {
    for (const form of ['letter', 'official-letter', 'document'] as const)
      expect(entryBlockers({ form, interferer: { kind: 'leading-cadre' }, evidenceCount: 0 })).toEqual([]);
  });
});
