import { sql, type Kysely, type Migration } from 'kysely';

/**
 * A record names the materials it records (R-DL-1): for materials passed along
 * the chain the entry and copy periods run from their delivery to the handler,
 * so the deadline monitor must know which materials a record meets.
 */
export const recordMaterial: Migration = {
  async up(db: Kysely<any>) {
    await sql`ALTER TABLE records ADD COLUMN material_id uuid REFERENCES materials (id)`.execute(db);
    // One record per delivered materials: a second would meet the same periods twice.
    await sql`CREATE UNIQUE INDEX records_material_id ON records (material_id) WHERE material_id IS NOT NULL`.execute(
      db,
    );
  },
};
