import { serviceClient, type Page, type Query } from '../api/client.js';
import type * as types from '../api/types.js';

/** The deadline monitor's routes for the signed-in user's token. */
export function deadlinesApi(token: string) {
  const deadlines = serviceClient(token, 'deadlines');
  return {
    list: (q: types.ObligationQuery) => deadlines.get<Page<types.Obligation>>('/v1/obligations', q as Query),
    /** Every page of a filtered list (the board needs whole counts, not the first page). */
    listAll: (q: types.ObligationQuery, max = 5000) =>
      deadlines.getAll<types.Obligation>('/v1/obligations', q as Query, max),
    waive: (id: string, reason: string) =>
      deadlines.post<types.Obligation>(`/v1/obligations/${id}/waive`, { reason }),
    calendar: (year: number) => deadlines.get<types.CalendarYear>(`/v1/calendar/${year}`),
    previewCalendar: (year: number, b: types.CalendarYearInput) =>
      deadlines.post<types.CalendarPreview>(`/v1/calendar/${year}/preview`, b),
    loadCalendar: (year: number, b: types.CalendarYearInput) =>
      deadlines.put<types.CalendarYear>(`/v1/calendar/${year}`, b),
    compliance: (q: { court?: string; quarter?: string }) =>
      deadlines.get<types.Compliance>('/v1/compliance', q),
  };
}
