import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** Tables the kit keeps in every service's database. */
export interface KitTables {
  outbox: {
    seq: Generated<number>;
    id: string;
    subject: string;
    aggregate_id: string;
    payload: ColumnType<unknown, string, string>;
    created_at: ColumnType<Date, Date | string | undefined, Date | string>;
    published_at: Timestamp | null;
    attempts: Generated<number>;
    last_error: string | null;
  };
  inbox: {
    consumer: string;
    event_id: string;
    subject: string;
    received_at: ColumnType<Date, Date | string | undefined, Date | string>;
  };
  parked_messages: {
    id: Generated<number>;
    consumer: string;
    stream: string;
    stream_seq: number | null;
    subject: string;
    payload: string;
    reason: string;
    parked_at: ColumnType<Date, Date | string | undefined, Date | string>;
    replayed_at: Timestamp | null;
    replay_error: string | null;
  };
  idempotency_keys: {
    principal: string;
    key: string;
    method: string;
    path: string;
    request_hash: string;
    state: 'pending' | 'done' | 'failed';
    status: number | null;
    response: ColumnType<unknown, string | null, string | null>;
    locked_until: Timestamp;
    created_at: ColumnType<Date, Date | string | undefined, Date | string>;
    completed_at: Timestamp | null;
  };
}
