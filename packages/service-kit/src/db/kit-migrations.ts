import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely';

/**
 * The kit's own tables, recorded in their own migration table
 * (`kit_migration`), so their names need not sort before a service's. Never
 * edit a migration once it has landed.
 */
export const kitMigrations: Record<string, Migration> = {
  '2026-11-28T00-00-kit-messaging': {
    async up(db: Kysely<any>) {
      await sql`
        CREATE TABLE outbox (
          seq bigserial PRIMARY KEY,
          id uuid NOT NULL UNIQUE,
          subject text NOT NULL,
          aggregate_id text NOT NULL,
          payload jsonb NOT NULL,
          created_at timestamptz NOT NULL DEFAULT now(),
          published_at timestamptz,
          attempts integer NOT NULL DEFAULT 0,
          last_error text
        )`.execute(db);
      // Claims read only unpublished rows: cost follows the backlog, not the history kept.
      await sql`CREATE INDEX outbox_unpublished ON outbox (seq) WHERE published_at IS NULL`.execute(db);
      await sql`CREATE INDEX outbox_unpublished_aggregate ON outbox (aggregate_id, seq) WHERE published_at IS NULL`.execute(
        db,
      );
      await sql`
        CREATE TABLE inbox (
          consumer text NOT NULL,
          event_id uuid NOT NULL,
          subject text NOT NULL,
          received_at timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (consumer, event_id)
        )`.execute(db);
      await sql`
        CREATE TABLE parked_messages (
          id bigserial PRIMARY KEY,
          consumer text NOT NULL,
          stream text NOT NULL,
          stream_seq bigint,
          subject text NOT NULL,
          payload text NOT NULL,
          reason text NOT NULL,
          parked_at timestamptz NOT NULL DEFAULT now(),
          replayed_at timestamptz,
          replay_error text
        )`.execute(db);
      await sql`CREATE INDEX parked_open ON parked_messages (consumer, id) WHERE replayed_at IS NULL`.execute(
        db,
      );
      await sql`
        CREATE TABLE idempotency_keys (
          principal text NOT NULL,
          key text NOT NULL,
          method text NOT NULL,
          path text NOT NULL,
          request_hash text NOT NULL,
          state text NOT NULL CHECK (state IN ('pending', 'done', 'failed')),
          status integer,
          response jsonb,
          locked_until timestamptz NOT NULL,
          created_at timestamptz NOT NULL DEFAULT now(),
          completed_at timestamptz,
          PRIMARY KEY (principal, key)
        )`.execute(db);
    },
  },
};
