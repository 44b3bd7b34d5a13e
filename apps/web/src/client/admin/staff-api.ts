import type { z } from 'zod';
import type {
  staffImportResultSchema,
  staffListQuerySchema,
  staffMemberSchema,
  unknownStaffSchema,
} from '@jir/contracts';
import { call } from '../api/client.js';
import { offlineProblem, problemFrom } from '../api/problem.js';

/** One person of the court's directory. */
export type StaffMember = z.output<typeof staffMemberSchema>;
/** What a load of the directory changed. */
export type StaffImportResult = z.output<typeof staffImportResultSchema>;
/** Someone seen with a valid token who is not in the directory. */
export type UnknownStaff = z.output<typeof unknownStaffSchema>;

/** Intake's staff directory (R-AC-1, R-TR-1, R-RC-3) for the signed-in user's token. */
export function staffApi(token: string) {
  return {
    list: (q: z.input<typeof staffListQuerySchema>) =>
      call<StaffMember[]>(token, 'intake', '/v1/staff', { query: q }),
    unknown: () => call<UnknownStaff[]>(token, 'intake', '/v1/staff/unknown'),
    /**
     * Loads the whole directory from the personnel system's export as it is (CSV or JSON): the
     * service parses and validates it, so the browser sends the file's bytes untouched.
     */
    async load(file: File): Promise<StaffImportResult> {
      const csv = /\.csv$/i.test(file.name) || file.type.includes('csv');
      let r: Response;
      try {
        r = await fetch('/api/intake/v1/staff', {
          method: 'PUT',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': csv ? 'text/csv' : 'application/json',
          },
          body: file,
        });
      } catch {
        throw offlineProblem();
      }
      if (!r.ok) throw await problemFrom(r);
      return (await r.json()) as StaffImportResult;
    },
  };
}
