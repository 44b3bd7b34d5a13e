import type { z } from 'zod';
import type { staffListQuerySchema } from '@jir/contracts';
import { serviceClient } from '../api/client.js';
import type { StaffMember, StaffImportResult, UnknownStaff } from '../api/types.js';

/** Intake's staff directory (R-AC-1, R-TR-1, R-RC-3) for the signed-in user's token. */
export function staffApi(token: string) {
  const intake = serviceClient(token, 'intake');
  return {
    list: (q: z.input<typeof staffListQuerySchema>) => intake.get<StaffMember[]>('/v1/staff', q),
    unknown: () => intake.get<UnknownStaff[]>('/v1/staff/unknown'),
    /**
     * Loads the whole directory from the personnel system's export as it is (CSV or JSON): the
     * service parses and validates it, so the browser sends the file's bytes untouched.
     */
    load: (file: File) =>
      intake.putFile<StaffImportResult>('/v1/staff', {
        bytes: file,
        type: /\.csv$/i.test(file.name) || file.type.includes('csv') ? 'text/csv' : 'application/json',
      }),
  };
}
