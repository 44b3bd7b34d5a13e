import type { Kysely, Transaction } from 'kysely';
import { DEFAULT_CALENDAR, type LegalCalendar } from '@jir/rules';
import type { DeadlineDB } from '../db/schema.js';
import { loadedYears, type LoadedYear } from './calendar.repository.js';

/**
 * The calendar in force: the built-in years of `@jir/rules` with the years
 * trial management loaded on top. Read from the database on every use (a few
 * rows), rebuilt only when they changed, so that every instance uses the year
 * another instance just loaded.
 */
export class CalendarInForce {
  private fingerprint = '';
  private calendar: LegalCalendar = DEFAULT_CALENDAR;
  private loaded: LoadedYear[] = [];

  /** The calendar as the database holds it now. */
  async current(db: Kysely<DeadlineDB> | Transaction<DeadlineDB>): Promise<LegalCalendar> {
    const years = await loadedYears(db);
    const fp = years.map((y) => `${y.year}@${y.loadedAt.getTime()}`).join(',');
    if (fp !== this.fingerprint) {
      this.calendar = DEFAULT_CALENDAR.withOverrides(years);
      this.loaded = years;
      this.fingerprint = fp;
    }
    return this.calendar;
  }

  private readonly perTransaction = new WeakMap<object, Promise<LegalCalendar>>();

  /**
   * The calendar as one transaction sees it, read once however many events
   * the transaction applies (the consumer applies a whole fetched batch in one).
   */
  inTransaction(trx: Transaction<DeadlineDB>): Promise<LegalCalendar> {
    let c = this.perTransaction.get(trx);
    if (!c) {
      c = this.current(trx);
      this.perTransaction.set(trx, c);
    }
    return c;
  }

  /** The loaded years as last read (after `current`). */
  get loadedYears(): readonly LoadedYear[] {
    return this.loaded;
  }
}
