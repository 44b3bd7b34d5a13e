import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };

/** A civil date 'YYYY-MM-DD' (no time zone: the day as lived in China). */
export type CivilDate = string;

/** One year's arrangement as the State Council publishes it (R-DL-3). */
export interface CalendarYear {
  readonly year: number;
  /** Statutory rest days, weekends inside holiday blocks included. */
  readonly holidays: readonly CivilDate[];
  /** Make-up working days (调休): weekend days that are working days. */
  readonly makeUpWorkdays: readonly CivilDate[];
}

/** Thrown when a period reaches a year the calendar holds no arrangement for. */
export class CalendarNotCoveredError extends Error {
  readonly code = 'calendar-not-covered';
  constructor(
    readonly year: number,
    readonly covered: readonly number[],
  ) {
    super(
      `法定节假日安排未覆盖 ${year} 年，请先导入该年安排 / the legal calendar does not cover ${year}; load the State Council's arrangement for it first (covered: ${describeYears(covered)})`,
    );
    this.name = 'CalendarNotCoveredError';
  }
}

function describeYears(years: readonly number[]): string {
  if (years.length === 0) return 'none';
  return `${years[0]}–${years[years.length - 1]}`;
}

/** Holidays and make-up working days for the years it covers, nothing else. */
export class LegalCalendar {
  private readonly holidays = new Set<CivilDate>();
  private readonly workdays = new Set<CivilDate>();
  private readonly years = new Set<number>();

  constructor(years: Iterable<CalendarYear>) {
    for (const y of years) this.add(y);
  }

  /** The years whose arrangement is known, ascending. */
  get coveredYears(): number[] {
    return [...this.years].sort((a, b) => a - b);
  }

  /**
   * A new calendar with these years added or replaced: how a court loads the
   * State Council's arrangement for a new year, or corrects one.
   */
  withOverrides(overrides: Iterable<CalendarYear>): LegalCalendar {
    const byYear = new Map<number, CalendarYear>();
    for (const y of this.toYears()) byYear.set(y.year, y);
    for (const y of overrides) byYear.set(y.year, y);
    return new LegalCalendar(byYear.values());
  }

  /** True when the date is a statutory rest day (R-DL-3). */
  isRestDay(date: CivilDate): boolean {
    const year = Number(date.slice(0, 4));
    if (!this.years.has(year)) throw new CalendarNotCoveredError(year, this.coveredYears);
    if (this.holidays.has(date)) return true;
    if (this.workdays.has(date)) return false;
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    return weekday === 0 || weekday === 6;
  }

  /**
   * A covered year's arrangement as its source lists it (holidays, weekend days of a holiday
   * included, and make-up working days), sorted; undefined for a year not covered.
   */
  arrangement(year: number): CalendarYear | undefined {
    if (!this.years.has(year)) return undefined;
    const inYear = (d: CivilDate) => d.startsWith(`${year}-`);
    return {
      year,
      holidays: [...this.holidays].filter(inYear).sort(),
      makeUpWorkdays: [...this.workdays].filter(inYear).sort(),
    };
  }

  private add(y: CalendarYear): void {
    for (const d of [...y.holidays, ...y.makeUpWorkdays]) {
      if (!d.startsWith(`${y.year}-`)) throw new Error(`date ${d} is not in year ${y.year}`);
    }
    this.years.add(y.year);
    y.holidays.forEach((d) => this.holidays.add(d));
    y.makeUpWorkdays.forEach((d) => this.workdays.add(d));
  }

  private toYears(): CalendarYear[] {
    return this.coveredYears.map((year) => ({
      year,
      holidays: [...this.holidays].filter((d) => d.startsWith(`${year}-`)),
      makeUpWorkdays: [...this.workdays].filter((d) => d.startsWith(`${year}-`)),
    }));
  }
}

function yearsFromChineseDays(): CalendarYear[] {
  const data = chineseDays as { holidays: Record<string, string>; workdays: Record<string, string> };
  const years = new Map<number, { holidays: string[]; makeUpWorkdays: string[] }>();
  const slot = (d: string) => {
    const y = Number(d.slice(0, 4));
    let entry = years.get(y);
    if (!entry) years.set(y, (entry = { holidays: [], makeUpWorkdays: [] }));
    return entry;
  };
  Object.keys(data.holidays).forEach((d) => slot(d).holidays.push(d));
  Object.keys(data.workdays).forEach((d) => slot(d).makeUpWorkdays.push(d));
  return [...years].map(([year, e]) => ({ year, ...e }));
}

/**
 * The calendar from the maintained `chinese-days` data set (State Council
 * arrangements). Courts load newer years with `withOverrides`.
 */
export const DEFAULT_CALENDAR = new LegalCalendar(yearsFromChineseDays());
