import type { z } from 'zod';
import type { complaintActionBodySchema, complaintBodySchema, complaintSchema } from '@jir/contracts';
import { call } from '../api/client.js';

/** A complaint of obstruction or retaliation and what the receiving court did (R-AB-2). */
export type Complaint = z.output<typeof complaintSchema>;
/** What the receiving court's designated staff did with it. */
export type ComplaintAction = z.input<typeof complaintActionBodySchema>;

/** Intake's complaints for the signed-in user's token. */
export function complaintsApi(token: string) {
  return {
    list: () => call<Complaint[]>(token, 'intake', '/v1/complaints'),
    file: (b: z.input<typeof complaintBodySchema>) =>
      call<Complaint>(token, 'intake', '/v1/complaints', { method: 'POST', body: b }),
    act: (id: string, b: ComplaintAction) =>
      call<Complaint>(token, 'intake', `/v1/complaints/${id}/actions`, { method: 'POST', body: b }),
  };
}
