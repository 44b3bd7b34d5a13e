import { sql, type Kysely, type Migration } from 'kysely';
import {
  recordContentHash,
  versionContentHash,
  type RecordContentRow,
  type VersionContentRow,
} from '../../audit/content-hash.js';

/**
 * Audit entries now carry the content hashes of what they wrote (R-PV-2). Records
 * written before that have none, so this appends one baseline entry per record and
 * per version with the hashes of the rows as they stand at migration time: from
 * here on, an in-place edit of any of them is caught by verification.
 */
export const recordContentHashes: Migration = {
  async up(db: Kysely<any>) {
    const records = await db.selectFrom('records').selectAll().orderBy('id').execute();
    for (const r of records) {
      await db
        .insertInto('audit_entries')
        .values({
          court: r.court,
          at: sql`now()`,
          actor: 'migration',
          action: 'record.content-baseline',
          subject_id: r.id,
          data: JSON.stringify({
            revision: r.revision,
            contentHash: recordContentHash(r as RecordContentRow),
          }),
        })
        .execute();
    }
    const versions = await db
      .selectFrom('record_versions as v')
      .innerJoin('records as r', 'r.id', 'v.record_id')
      .select([
        'r.court',
        'v.record_id',
        'v.revision',
        'v.snapshot',
        'v.changed_by',
        'v.reason',
        'v.changed_fields',
      ])
      .orderBy('v.record_id')
      .orderBy('v.revision')
      .execute();
    for (const v of versions) {
      await db
        .insertInto('audit_entries')
        .values({
          court: v.court,
          at: sql`now()`,
          actor: 'migration',
          action: 'record.version-baseline',
          subject_id: v.record_id,
          data: JSON.stringify({
            revision: v.revision,
            versionHash: versionContentHash(v as VersionContentRow),
          }),
        })
        .execute();
    }
  },
};
