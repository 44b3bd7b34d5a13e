import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Obligations and what decides them: the facts of records learnt from intake,
 * fulfilments that may arrive before their obligation, the calendar years
 * trial management loaded, the quarters whose report duties exist, and the
 * audit of what people did here (waivers, calendar loads).
 */
export const obligations: Migration = {
  async up(db: Kysely<any>) {
    await sql`
      CREATE TABLE obligations (
        id uuid PRIMARY KEY,
        -- One duty per subject (e.g. entry:record:<id>): a repeated or reordered event creates nothing new.
        subject_key text NOT NULL UNIQUE,
        kind text NOT NULL,
        record_id text,
        material_id text,
        court text NOT NULL,
        handler text,
        division text,
        quarter text,
        level text,
        starts_at timestamptz NOT NULL,
        due_date text,
        due_at timestamptz,
        remind_at timestamptz,
        pending_reason text,
        state text NOT NULL DEFAULT 'pending'
          CHECK (state IN ('pending', 'met', 'met-late', 'breached', 'waived')),
        met_at timestamptz,
        late_by_ms bigint,
        breached_at timestamptz,
        reminded_at timestamptz,
        waived_at timestamptz,
        waived_by text,
        waive_reason text,
        history jsonb NOT NULL DEFAULT '[]',
        created_at timestamptz NOT NULL
      )`.execute(db);
    // The scheduler walks these from their oldest entry: cost follows what is due, not what is pending.
    await sql`CREATE INDEX obligations_pending_due ON obligations (due_at) WHERE state = 'pending'`.execute(
      db,
    );
    await sql`CREATE INDEX obligations_reminder_due ON obligations (remind_at)
              WHERE state = 'pending' AND reminded_at IS NULL`.execute(db);
    // Waiting for a calendar year: found again when the year is loaded.
    await sql`CREATE INDEX obligations_uncovered ON obligations (starts_at) WHERE due_at IS NULL`.execute(db);
    await sql`CREATE INDEX obligations_record ON obligations (record_id) WHERE record_id IS NOT NULL`.execute(
      db,
    );
    await sql`CREATE INDEX obligations_court_starts ON obligations (court, starts_at)`.execute(db);
    await sql`CREATE INDEX obligations_court_quarter ON obligations (court, quarter) WHERE quarter IS NOT NULL`.execute(
      db,
    );
    await sql`
      CREATE TABLE fulfilments (
        subject_key text PRIMARY KEY,
        met_at timestamptz NOT NULL,
        source text NOT NULL
      )`.execute(db);
    await sql`
      CREATE TABLE known_records (
        record_id text PRIMARY KEY,
        court text NOT NULL,
        handler text NOT NULL,
        division text,
        material_id text,
        received_at timestamptz NOT NULL,
        entered_at timestamptz,
        severe_since timestamptz,
        revision integer NOT NULL DEFAULT 0
      )`.execute(db);
    await sql`
      CREATE TABLE calendar_years (
        year integer PRIMARY KEY,
        holidays jsonb NOT NULL,
        make_up_workdays jsonb NOT NULL,
        loaded_by text NOT NULL,
        loaded_at timestamptz NOT NULL
      )`.execute(db);
    await sql`CREATE TABLE seeded_quarters (quarter text PRIMARY KEY, seeded_at timestamptz NOT NULL)`.execute(
      db,
    );
    await sql`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL,
        actor text NOT NULL,
        court text NOT NULL,
        action text NOT NULL,
        target text NOT NULL,
        detail jsonb NOT NULL
      )`.execute(db);
  },
};
