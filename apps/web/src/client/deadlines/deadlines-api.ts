import { serviceClient, type Page, type Query } from '../api/client.js';
import type {
  Obligation,
  ObligationQuery,
  CalendarYear,
  CalendarYearInput,
  CalendarPreview,
  Compliance,
} from '../api/types.js';

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
