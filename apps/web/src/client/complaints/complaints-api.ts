import type { z } from 'zod';
import type { complaintBodySchema } from '@jir/contracts';
import { serviceClient } from '../api/client.js';
import type { Complaint, ComplaintAction } from '../api/types.js';

/** Intake's complaints for the signed-in user's token. */
export function complaintsApi(token: string) {
  const intake = serviceClient(token, 'intake');
  return {
    list: () => intake.get<Complaint[]>('/v1/complaints'),
    file: (b: z.input<typeof complaintBodySchema>) => intake.post<Complaint>('/v1/complaints', b),
    act: (id: string, b: ComplaintAction) => intake.post<Complaint>(`/v1/complaints/${id}/actions`, b),
  };
}
