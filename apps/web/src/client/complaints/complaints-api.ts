import type { z } from 'zod';
import type { complaintActionBodySchema, complaintBodySchema, complaintSchema } from '@jir/contracts';
import { serviceClient } from '../api/client.js';

/** A complaint of obstruction or retaliation and what the receiving court did (R-AB-2). */
export type Complaint = z.output<typeof complaintSchema>;
/** What the receiving court's designated staff did with it. */
export type ComplaintAction = z.input<typeof complaintActionBodySchema>;

/** Intake's complaints for the signed-in user's token. */
export function complaintsApi(token: string) {
  const intake = serviceClient(token, 'intake');
  return {
    list: () => intake.get<Complaint[]>('/v1/complaints'),
    file: (b: z.input<typeof complaintBodySchema>) => intake.post<Complaint>('/v1/complaints', b),
    act: (id: string, b: ComplaintAction) => intake.post<Complaint>(`/v1/complaints/${id}/actions`, b),
  };
}
