import { sql, type Kysely, type Migration } from 'kysely';
import { rebuildCounts } from '../../read-model/record-counts.repository.js';

/**
 * Per-court, per-quarter sums kept by the consumers as events arrive, so a
 * quarterly report reads a few hundred rows instead of aggregating every
 * record of the quarter (R-NF-5); and an index for the special-items list,
 * the only per-record part of a report.
 */
export const recordCounts: Migration = {
  async up(db: Kysely<any>) {
    await sql`CREATE TABLE rm_counts (
      court text NOT NULL,
      quarter text NOT NULL,
      key text NOT NULL,
      n bigint NOT NULL,
      PRIMARY KEY (court, quarter, key)
    )`.execute(db);
    await sql`CREATE INDEX rm_records_special ON rm_records (court, quarter, received_at) WHERE special_items <> '{}'`.execute(
      db,
    );
    // Records already in the read model count from the start.
    await rebuildCounts(db);
  },
};
