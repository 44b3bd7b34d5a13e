import { sql, type Kysely, type Migration } from 'kysely';

/**
 * What identifies stored evidence never changes after the upload (R-EV-3): the
 * service's own role may update a row (archiving, the integrity schedule), and
 * without this it could also swap the version, digests or size and point the
 * row at a forged object the integrity check would then find intact. The
 * columns are named (not "everything but"), so a column added later for a
 * legitimate change is not refused by accident; the archive columns and
 * next_check_at stay writable.
 */
export const evidenceIdentityFixed: Migration = {
  async up(db: Kysely<any>) {
    await sql`
      CREATE FUNCTION evidence_identity_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (NEW.id, NEW.record_id, NEW.court, NEW.object_key, NEW.version_id, NEW.size, NEW.media_type,
            NEW.sha256, NEW.sm3, NEW.file_name, NEW.uploaded_by, NEW.uploaded_at)
           IS DISTINCT FROM
           (OLD.id, OLD.record_id, OLD.court, OLD.object_key, OLD.version_id, OLD.size, OLD.media_type,
            OLD.sha256, OLD.sm3, OLD.file_name, OLD.uploaded_by, OLD.uploaded_at) THEN
          RAISE EXCEPTION 'evidence %: its object, version, digests, size and upload facts never change (R-EV-3)', OLD.id
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`.execute(db);
    await sql`CREATE TRIGGER evidence_identity_fixed BEFORE UPDATE ON evidence FOR EACH ROW EXECUTE FUNCTION evidence_identity_fixed()`.execute(
      db,
    );
  },
};
