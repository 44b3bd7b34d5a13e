import { sql, type Kysely, type Migration } from 'kysely';
import { rebuildCounts } from '../../read-model/record-counts.repository.js';

/**
 * Recurring identities (R-BX-2) from the sums too: each record now also
 * counts under its interferer's identity, so the sums are rebuilt once; the
 * index finds an identity's counts in every court of a quarter.
 */
export const identityCounts: Migration = {
  async up(db: Kysely<any>) {
    await sql`CREATE INDEX rm_counts_quarter_key ON rm_counts (quarter, key)`.execute(db);
    await rebuildCounts(db);
  },
};
