import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR } from '../src/index.js';

describe('a covered year as its source lists it (R-DL-3)', () => {
  it('R-DL-3: a built-in year shows the data set’s holidays, weekend days of a holiday included, and its make-up working days', () => {
    const y = DEFAULT_CALENDAR.arrangement(2026)!;
    // National Day 2026: 1–7 October, Saturday 3 and Sunday 4 among them; Saturday 10 October is worked.
    expect(y.holidays).toEqual(
      expect.arrayContaining(['2026-10-01', '2026-10-03', '2026-10-04', '2026-10-07']),
    );
    expect(y.holidays).not.toContain('2026-10-08');
    expect(y.makeUpWorkdays).toEqual(expect.arrayContaining(['2026-02-14', '2026-10-10']));
    // An ordinary weekend is neither.
    expect([...y.holidays, ...y.makeUpWorkdays]).not.toContain('2026-03-07');
    expect([...y.holidays].sort()).toEqual(y.holidays);
  });

  it('R-DL-3: a loaded year replaces the built-in one, and an uncovered year has no arrangement', () => {
    expect(DEFAULT_CALENDAR.arrangement(2099)).toBeUndefined();
    const cal = DEFAULT_CALENDAR.withOverrides([
      { year: 2026, holidays: ['2026-03-02'], makeUpWorkdays: [] },
    ]);
    expect(cal.arrangement(2026)).toEqual({ year: 2026, holidays: ['2026-03-02'], makeUpWorkdays: [] });
  });
});
