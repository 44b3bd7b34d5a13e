import { sql, type Kysely, type Migration } from 'kysely';

/**
 * R-NF-5 (a quarterly report over a million records in under 2 s):
 * - a snapshot is stored as `json`, the canonical text exactly as it was
 *   hashed and signed, instead of `jsonb`, which parsed 6 MB into its binary
 *   form on every insert (about 0.4 s) only to hand back reordered keys,
 *   compressed with lz4 where the server has it (a quarter of pglz's time);
 * - the special-items list and the names of recurring interferers are read
 *   from covering indexes (index-only scans) instead of fetching 20,000 and
 *   100,000 rows scattered over the table.
 */
export const reportReadingSpeed: Migration = {
  async up(db: Kysely<any>) {
    await sql`ALTER TABLE reports ALTER COLUMN snapshot TYPE json USING snapshot::json`.execute(db);
    // A server built without lz4 keeps its default compression: slower, never wrong.
    await sql`DO $$ BEGIN
      ALTER TABLE reports ALTER COLUMN snapshot SET COMPRESSION lz4;
    EXCEPTION WHEN feature_not_supported THEN NULL;
    END $$`.execute(db);
    await sql`CREATE INDEX rm_records_special_list ON rm_records (court, quarter, received_at, record_id)
      INCLUDE (case_number, interferer_name, interferer_unit, interferer_position, special_items)
      WHERE special_items <> '{}' AND entered_at IS NOT NULL`.execute(db);
    await sql`DROP INDEX rm_records_special`.execute(db);
    await sql`CREATE INDEX rm_records_identity_names ON rm_records (identity_id, quarter) INCLUDE (interferer_name)
      WHERE identity_id IS NOT NULL AND entered_at IS NOT NULL`.execute(db);
  },
};
