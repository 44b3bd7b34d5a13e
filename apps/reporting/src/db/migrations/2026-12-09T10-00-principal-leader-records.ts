import { sql, type Kysely, type Migration } from 'kysely';

/**
 * R-RP-2: a report names the records that involve the court's own committee's
 * principal leader, so that committee's copy can leave them out. They are few;
 * without this index finding them would read every record of the court's quarter.
 */
export const principalLeaderRecords: Migration = {
  async up(db: Kysely<any>) {
    await sql`CREATE INDEX rm_records_principal ON rm_records (court, quarter) WHERE involves_principal_leader`.execute(
      db,
    );
  },
};
