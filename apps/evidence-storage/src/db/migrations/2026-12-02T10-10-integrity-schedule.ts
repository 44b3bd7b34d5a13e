import { sql, type Kysely, type Migration } from 'kysely';

/**
 * When each object is next re-read by the integrity check (R-EV-3). Objects
 * are claimed one by one when due, so several instances split the work
 * instead of each re-reading everything. NULL means not scheduled yet: the
 * job schedules such objects one interval after their upload (the upload
 * itself does not know the interval).
 */
export const integritySchedule: Migration = {
  async up(db: Kysely<any>) {
    await sql`ALTER TABLE evidence ADD COLUMN next_check_at timestamptz`.execute(db);
    // Cost follows what is due: the claim walks this index from its oldest entry.
    await sql`CREATE INDEX evidence_check_due ON evidence (next_check_at) WHERE next_check_at IS NOT NULL`.execute(
      db,
    );
    // Only newly uploaded objects are unscheduled: this index stays small.
    await sql`CREATE INDEX evidence_check_unscheduled ON evidence (uploaded_at) WHERE next_check_at IS NULL`.execute(
      db,
    );
  },
};
