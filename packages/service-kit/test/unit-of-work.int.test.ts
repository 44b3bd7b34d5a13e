// The unit of work in this process (the crash tests run it in a child process, where neither a
// debugger nor a mutation run can see it): what commits together, at which instant, and what a
// failure leaves behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely, type Migration } from 'kysely';
import { z } from 'zod';
import { createTestDatabase, ManualClock, type TestDatabase } from '@jir/testing';
import {
  UnitOfWork,
  actorOf,
  authenticate,
  createDatabase,
  createHttpApp,
  createMetrics,
  idempotency,
  parseBody,
  type Database,
  type KitTables,
} from '../src/index.js';
import { noteCreated, producerMigrations, type ProducerDB } from './example/example-service.js';
import { logger, serve, testKeys } from './harness.js';

interface AuditDB extends ProducerDB {
  audit_entries: { id: string; action: string; at: Date };
}
type DB = AuditDB & KitTables;

const migrations: Record<string, Migration> = {
  ...producerMigrations,
  '2026-11-28T03-00-audit-entries': {
    async up(db: Kysely<any>) {
      await sql`CREATE TABLE audit_entries (id uuid NOT NULL, action text NOT NULL, at timestamptz NOT NULL)`.execute(
        db,
      );
    },
  },
};

const INSTANT = '2026-03-04T05:06:07.089Z';
const clock = new ManualClock(INSTANT);
const keys = testKeys();
let tdb: TestDatabase;
let db: Database<AuditDB>;
let base: string;
let close: () => Promise<void>;
/** What the relay was told, and what had committed when the after-commit hook ran. */
const seen = { wakes: 0, committedAtHook: [] as number[], wakesAtHook: [] as number[] };

const body = z.object({
  caseNumber: z.string().min(1),
  content: z.string().min(1),
  occurredAt: z.string().optional(),
});

async function notes(caseNumber: string) {
  return db.db.selectFrom('notes').select('id').where('case_number', '=', caseNumber).execute();
}
async function events(caseNumber: string) {
  return db.db
    .selectFrom('outbox')
    .select(['id', 'payload'])
    .where('aggregate_id', '=', caseNumber)
    .execute();
}

beforeAll(async () => {
  tdb = await createTestDatabase({ migrations });
  db = createDatabase<AuditDB>(tdb.url);
  const work = new UnitOfWork<DB, { id: string; action: string }>({
    db: db.db as unknown as Kysely<DB>,
    clock,
    relay: { wake: () => void seen.wakes++ },
    audit: async (trx, entry) => {
      await trx
        .insertInto('audit_entries')
        .values({ ...entry, at: clock.now() })
        .execute();
    },
    faults: {
      afterCommit: async () => {
        // Another connection sees what committed; the relay has not been woken yet.
        const n = await db.db
          .selectFrom('notes')
          .select(db.db.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        seen.committedAtHook.push(Number(n.n));
        seen.wakesAtHook.push(seen.wakes);
      },
    },
  });
  const app = createHttpApp({
    logger,
    metrics: createMetrics('unit-of-work-test', { defaultMetrics: false }),
    routes(a) {
      a.post('/v1/notes', authenticate(keys.verifier), idempotency({ db: db.db }), async (req, res) => {
        const b = parseBody(req, body);
        const actor = actorOf(res);
        res.status(201);
        const answer = await work.run(async (w) => {
          const id = crypto.randomUUID();
          await w.trx
            .insertInto('notes')
            .values({
              id,
              court: actor.court,
              handler: actor.sub,
              case_number: b.caseNumber,
              content: b.content,
              seq_in_case: 1,
            })
            .execute();
          const event = await w.emit(noteCreated, {
            court: actor.court,
            aggregateId: b.caseNumber,
            actor: { sub: actor.sub, kind: 'user' },
            data: { noteId: id, caseNumber: b.caseNumber, seqInCase: 1 },
            ...(b.occurredAt ? { occurredAt: new Date(b.occurredAt) } : {}),
          });
          await w.audit({ id, action: 'note-created' });
          // After every write: a failure here must take all of them back.
          if (b.content === 'fail') throw new Error('the change failed after its writes');
          return { id, eventId: event.id, at: w.now.toISOString() };
        });
        // The change committed; the request fails after it (a later step, a bug).
        if (b.content === 'fail-after-commit') throw new Error('failed after the commit');
        res.json(answer);
      });
    },
  });
  ({ url: base, close } = await serve(app));
});
afterAll(async () => {
  await close?.();
  await db?.close();
  await tdb?.drop();
});

async function post(b: object, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/v1/notes`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await keys.token()}`,
      'content-type': 'application/json',
      ...headers,
    },
    body: JSON.stringify(b),
  });
  return {
    status: res.status,
    replayed: res.headers.get('idempotent-replayed'),
    body: (await res.json()) as any,
  };
}

describe('the unit of work (R-PV-3)', () => {
  it('R-PV-3: the change, its event, its audit entry and the idempotent answer commit together, at one instant', async () => {
    const caseNumber = `uow-${crypto.randomUUID()}`;
    const key = `k-${crypto.randomUUID()}`;
    const wakes = seen.wakes;
    const hooks = seen.committedAtHook.length;
    const r = await post({ caseNumber, content: '来电' }, { 'idempotency-key': key });
    expect(r.status).toBe(201);
    expect(r.replayed).toBeNull();
    expect(r.body.at).toBe(INSTANT);

    expect(await notes(caseNumber)).toEqual([{ id: r.body.id }]);
    const outbox = await events(caseNumber);
    expect(outbox).toHaveLength(1);
    const event = outbox[0]!.payload as { id: string; occurredAt: string; type: string };
    expect(event.id).toBe(r.body.eventId);
    expect(event.type).toBe(noteCreated.type);
    expect(event.occurredAt).toBe(INSTANT);
    const audit = await db.db.selectFrom('audit_entries').selectAll().where('id', '=', r.body.id).execute();
    expect(audit).toEqual([{ id: r.body.id, action: 'note-created', at: new Date(INSTANT) }]);

    // The answer a retry will get was written in the same transaction.
    const stored = await db.db
      .selectFrom('idempotency_keys')
      .select(['state', 'status', 'response'])
      .where('key', '=', key)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ state: 'done', status: 201, response: r.body });

    // The hook ran after the commit and before the relay was woken; the relay was woken once.
    expect(seen.committedAtHook.length).toBe(hooks + 1);
    expect(seen.committedAtHook.at(-1)).toBeGreaterThanOrEqual(1);
    expect(seen.wakesAtHook.at(-1)).toBe(wakes);
    expect(seen.wakes).toBe(wakes + 1);

    const retry = await post({ caseNumber, content: '来电' }, { 'idempotency-key': key });
    expect(retry).toEqual({ status: 201, replayed: 'true', body: r.body });
    expect(await notes(caseNumber)).toHaveLength(1);
    expect(await events(caseNumber)).toHaveLength(1);
    expect(seen.wakes).toBe(wakes + 1);
  });

  it('R-PV-3: an event given its own occurredAt keeps it; without a key nothing is kept for a retry', async () => {
    const caseNumber = `uow-${crypto.randomUUID()}`;
    const r = await post({ caseNumber, content: '来电', occurredAt: '2026-03-01T00:00:00.000Z' });
    expect(r.status).toBe(201);
    expect(r.replayed).toBeNull();
    const outbox = await events(caseNumber);
    expect((outbox[0]!.payload as { occurredAt: string }).occurredAt).toBe('2026-03-01T00:00:00.000Z');
    const again = await post({ caseNumber, content: '来电' });
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(r.body.id);
    expect(await notes(caseNumber)).toHaveLength(2);
  });

  it('R-PV-3: a change that fails leaves no row, no event, no audit entry, and its key free for a retry', async () => {
    const caseNumber = `uow-${crypto.randomUUID()}`;
    const key = `k-${crypto.randomUUID()}`;
    const wakes = seen.wakes;
    const hooks = seen.committedAtHook.length;
    const r = await post({ caseNumber, content: 'fail' }, { 'idempotency-key': key });
    expect(r.status).toBe(500);
    expect(await notes(caseNumber)).toEqual([]);
    expect(await events(caseNumber)).toEqual([]);
    const audit = await db.db
      .selectFrom('audit_entries')
      .innerJoin('notes', 'notes.id', 'audit_entries.id')
      .select('audit_entries.id')
      .where('notes.case_number', '=', caseNumber)
      .execute();
    expect(audit).toEqual([]);
    // Nothing committed, so neither the hook nor the relay heard of it.
    expect(seen.committedAtHook.length).toBe(hooks);
    expect(seen.wakes).toBe(wakes);
    const stored = await db.db
      .selectFrom('idempotency_keys')
      .select(['state', 'status', 'response'])
      .where('key', '=', key)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ state: 'failed', status: null, response: null });
    // The retry runs again (it is not answered from a stored failure).
    const retry = await post({ caseNumber, content: 'fail' }, { 'idempotency-key': key });
    expect(retry.status).toBe(500);
    expect(retry.replayed).toBeNull();
  });

  it('R-PV-3: a request that fails after its change committed is not done again: the retry gets the committed answer', async () => {
    const caseNumber = `uow-${crypto.randomUUID()}`;
    const key = `k-${crypto.randomUUID()}`;
    const first = await post({ caseNumber, content: 'fail-after-commit' }, { 'idempotency-key': key });
    expect(first.status).toBe(500);
    const committed = await notes(caseNumber);
    expect(committed).toHaveLength(1);
    const stored = await db.db
      .selectFrom('idempotency_keys')
      .select(['state', 'status'])
      .where('key', '=', key)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ state: 'done', status: 201 });
    const retry = await post({ caseNumber, content: 'fail-after-commit' }, { 'idempotency-key': key });
    expect(retry.status).toBe(201);
    expect(retry.replayed).toBe('true');
    expect(retry.body.id).toBe(committed[0]!.id);
    expect(await notes(caseNumber)).toHaveLength(1);
    expect(await events(caseNumber)).toHaveLength(1);
  });

  it('a unit of work built without an audit function refuses audit(), and nothing commits', async () => {
    // Fault hooks given but none set: nothing is called after the commit.
    const bare = new UnitOfWork<DB, { id: string; action: string }>({
      db: db.db as unknown as Kysely<DB>,
      clock,
      faults: {},
    });
    const caseNumber = `uow-${crypto.randomUUID()}`;
    await expect(
      bare.run(async (w) => {
        await w.emit(noteCreated, {
          court: 'JL-CC-NG',
          aggregateId: caseNumber,
          actor: null,
          data: { noteId: crypto.randomUUID(), caseNumber, seqInCase: 1 },
        });
        await w.audit({ id: crypto.randomUUID(), action: 'x' });
      }),
    ).rejects.toThrow(/without an audit function/);
    expect(await events(caseNumber)).toEqual([]);
    // Outside a request there is no key: run() returns what the work returned.
    expect(await bare.run(async (w) => w.now.toISOString())).toBe(INSTANT);
  });
});
