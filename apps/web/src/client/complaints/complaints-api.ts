import { serviceClient } from '../api/client.js';
import type * as types from '../api/types.js';

/** Intake's complaints for the signed-in user's token. */
export function complaintsApi(token: string) {
  const intake = serviceClient(token, 'intake');
  return {
    list: () => intake.get<types.Complaint[]>('/v1/complaints'),
    file: (b: types.ComplaintInput) => intake.post<types.Complaint>('/v1/complaints', b),
    act: (id: string, b: types.ComplaintAction) =>
      intake.post<types.Complaint>(`/v1/complaints/${id}/actions`, b),
  };
}
