import { serviceClient } from '../api/client.js';
import type * as types from '../api/types.js';

/** Intake's staff directory (R-AC-1, R-TR-1, R-RC-3) for the signed-in user's token. */
export function staffApi(token: string) {
  const intake = serviceClient(token, 'intake');
  return {
    list: (q: types.StaffListQuery) => intake.get<types.StaffMember[]>('/v1/staff', q),
    unknown: () => intake.get<types.UnknownStaff[]>('/v1/staff/unknown'),
    /**
     * Loads the whole directory from the personnel system's export as it is (CSV or JSON): the
     * service parses and validates it, so the browser sends the file's bytes untouched.
     */
    load: (file: File) =>
      intake.putFile<types.StaffImportResult>('/v1/staff', {
        bytes: file,
        type: /\.csv$/i.test(file.name) || file.type.includes('csv') ? 'text/csv' : 'application/json',
      }),
  };
}
