import type { z } from 'zod';
import type {
  calendarPreviewSchema,
  calendarYearBodySchema,
  calendarYearSchema,
  complianceSchema,
  obligationListQuerySchema,
  obligationSchema,
} from '@jir/contracts';
import { serviceClient, type Page, type Query } from '../api/client.js';

/** A duty with a legal deadline, as the deadline monitor answers. */
export type Obligation = z.output<typeof obligationSchema>;
/** Filters of the obligations list. */
export type ObligationQuery = z.input<typeof obligationListQuerySchema>;
/** A year of the legal calendar in force. */
export type CalendarYear = z.output<typeof calendarYearSchema>;
/** The State Council's arrangement for a year, as trial management loads it. */
export type CalendarYearInput = z.input<typeof calendarYearBodySchema>;
/** What loading a year would reschedule: counts per court, details of the duties in reach. */
export type CalendarPreview = z.output<typeof calendarPreviewSchema>;
/** Compliance of a court and the courts below it (R-RP-5). */
export type Compliance = z.output<typeof complianceSchema>;

/** The deadline monitor's routes for the signed-in user's token. */
export function deadlinesApi(token: string) {
  const deadlines = serviceClient(token, 'deadlines');
  return {
    list: (q: ObligationQuery) => deadlines.get<Page<Obligation>>('/v1/obligations', q as Query),
    /** Every page of a filtered list (the board needs whole counts, not the first page). */
    listAll: (q: ObligationQuery, max = 5000) =>
      deadlines.getAll<Obligation>('/v1/obligations', q as Query, max),
    waive: (id: string, reason: string) =>
      deadlines.post<Obligation>(`/v1/obligations/${id}/waive`, { reason }),
    calendar: (year: number) => deadlines.get<CalendarYear>(`/v1/calendar/${year}`),
    previewCalendar: (year: number, b: CalendarYearInput) =>
      deadlines.post<CalendarPreview>(`/v1/calendar/${year}/preview`, b),
    loadCalendar: (year: number, b: CalendarYearInput) =>
      deadlines.put<CalendarYear>(`/v1/calendar/${year}`, b),
    compliance: (q: { court?: string; quarter?: string }) => deadlines.get<Compliance>('/v1/compliance', q),
  };
}
