import type { z } from 'zod';
import type {
  calendarYearBodySchema,
  calendarYearSchema,
  complianceSchema,
  obligationListQuerySchema,
  obligationPageSchema,
  obligationSchema,
} from '@jir/contracts';
import { call } from '../api/client.js';

/** A duty with a legal deadline, as the deadline monitor answers. */
export type Obligation = z.output<typeof obligationSchema>;
/** Filters of the obligations list. */
export type ObligationQuery = z.input<typeof obligationListQuerySchema>;
/** A year of the legal calendar in force. */
export type CalendarYear = z.output<typeof calendarYearSchema>;
/** The State Council's arrangement for a year, as trial management loads it. */
export type CalendarYearInput = z.input<typeof calendarYearBodySchema>;
/** Compliance of a court and the courts below it (R-RP-5). */
export type Compliance = z.output<typeof complianceSchema>;

/** The deadline monitor's routes for the signed-in user's token. */
export function deadlinesApi(token: string) {
  const list = (q: ObligationQuery) =>
    call<z.output<typeof obligationPageSchema>>(token, 'deadlines', '/v1/obligations', {
      query: q as Record<string, string | number | undefined>,
    });
  return {
    list,
    /** Every page of a filtered list (the board needs whole counts, not the first page). */
    async listAll(q: ObligationQuery, max = 5000): Promise<Obligation[]> {
      const out: Obligation[] = [];
      let cursor: string | undefined;
      do {
        const page = await list({ ...q, limit: 500, cursor });
        out.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor && out.length < max);
      return out;
    },
    waive: (id: string, reason: string) =>
      call<Obligation>(token, 'deadlines', `/v1/obligations/${id}/waive`, {
        method: 'POST',
        body: { reason },
      }),
    calendar: (year: number) => call<CalendarYear>(token, 'deadlines', `/v1/calendar/${year}`),
    loadCalendar: (year: number, b: CalendarYearInput) =>
      call<CalendarYear>(token, 'deadlines', `/v1/calendar/${year}`, { method: 'PUT', body: b }),
    compliance: (q: { court?: string; quarter?: string }) =>
      call<Compliance>(token, 'deadlines', '/v1/compliance', { query: q }),
  };
}
