import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Generated, type Kysely, type Migration } from 'kysely';
import { ManualClock, createTestDatabase, waitFor, type TestDatabase } from '@jir/testing';
import { ClaimWorker, createDatabase, createLogger, type Database } from '../src/index.js';
import { logger } from './harness.js';

interface JobsDB {
  tasks: { id: number; due_at: Date; done_by: string | null; done_count: Generated<number> };
}

const migrations: Record<string, Migration> = {
  '2026-12-02T01-00-tasks': {
    async up(db: Kysely<any>) {
      await sql`CREATE TABLE tasks (id int PRIMARY KEY, due_at timestamptz NOT NULL,
        done_by text, done_count int NOT NULL DEFAULT 0)`.execute(db);
      await sql`CREATE INDEX tasks_due ON tasks (due_at) WHERE done_by IS NULL`.execute(db);
    },
  },
};

let tdb: TestDatabase;
let database: Database<JobsDB>;
beforeAll(async () => {
  tdb = await createTestDatabase({ migrations, prefix: 'jir_t_claim' });
  database = createDatabase<JobsDB>(tdb.url, { max: 10 });
});
afterAll(async () => {
  await database.close();
  await tdb.drop();
});

async function seed(n: number, dueAt: string) {
  await database.db.deleteFrom('tasks').execute();
  await database.db
    .insertInto('tasks')
    .values(Array.from({ length: n }, (_, i) => ({ id: i + 1, due_at: new Date(dueAt), done_by: null })))
    .execute();
}

/** A worker that marks due tasks done, as the deadline scheduler will. */
function taskWorker(name: string, o: { clock?: ManualClock; slowMs?: number; batchSize?: number } = {}) {
  return new ClaimWorker<JobsDB, { id: number }>({
    name,
    db: database.db,
    logger,
    ...(o.clock ? { clock: o.clock } : {}),
    batchSize: o.batchSize ?? 5,
    idleMs: 20,
    claim: (_trx, { now, limit }) => sql<{ id: number }>`
      SELECT id FROM tasks WHERE done_by IS NULL AND due_at <= ${now}
      ORDER BY due_at LIMIT ${limit} FOR UPDATE SKIP LOCKED`,
    process: async (rows, trx) => {
      if (o.slowMs) await new Promise((r) => setTimeout(r, o.slowMs));
      await trx
        .updateTable('tasks')
        .set((eb) => ({ done_by: name, done_count: eb('done_count', '+', 1) }))
        .where(
          'id',
          'in',
          rows.map((r) => r.id),
        )
        .execute();
    },
  });
}

describe('ClaimWorker: claimed background work', () => {
  it('two workers on one database claim each row once and split the rows', async () => {
    await seed(60, '2026-01-01T00:00:00Z');
    const a = taskWorker('a', { slowMs: 15 });
    const b = taskWorker('b', { slowMs: 15 });
    a.start();
    b.start();
    await waitFor(
      async () =>
        Number(
          (
            await database.db
              .selectFrom('tasks')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('done_by', 'is', null)
              .executeTakeFirstOrThrow()
          ).n,
        ) === 0 || undefined,
      { what: 'every task done' },
    );
    await Promise.all([a.stop(), b.stop()]);
    const rows = await database.db.selectFrom('tasks').selectAll().execute();
    expect(rows.filter((r) => r.done_count !== 1)).toEqual([]);
    const byA = rows.filter((r) => r.done_by === 'a').length;
    expect(byA).toBeGreaterThan(0);
    expect(60 - byA).toBeGreaterThan(0);
  });

  it('what is due follows the injected clock (a ManualClock drives it)', async () => {
    await seed(3, '2026-03-02T02:00:00Z');
    const clock = new ManualClock('2026-03-02T01:00:00Z');
    const w = taskWorker('clocked', { clock });
    expect(await w.runOnce()).toBe(0);
    clock.advance(59 * 60_000);
    expect(await w.runOnce()).toBe(0);
    clock.advance(60_000);
    w.start();
    w.wake();
    await waitFor(
      async () =>
        (await database.db.selectFrom('tasks').select('done_by').where('done_by', 'is', null).execute())
          .length === 0 || undefined,
      { what: 'due tasks done once the clock reached them' },
    );
    await w.stop();
  });

  it('stop() waits for the batch in hand, and takes nothing after', async () => {
    await seed(10, '2026-01-01T00:00:00Z');
    let inHand = 0;
    let finished = 0;
    const w = new ClaimWorker<JobsDB, { id: number }>({
      name: 'slow',
      db: database.db,
      logger,
      batchSize: 5,
      idleMs: 20,
      claim: (trx, { limit }) =>
        trx
          .selectFrom('tasks')
          .select('id')
          .where('done_by', 'is', null)
          .orderBy('id')
          .limit(limit)
          .forUpdate()
          .skipLocked()
          .execute(),
      process: async (rows, trx) => {
        inHand = rows.length;
        await new Promise((r) => setTimeout(r, 300));
        await trx
          .updateTable('tasks')
          .set({ done_by: 'slow' })
          .where(
            'id',
            'in',
            rows.map((r) => r.id),
          )
          .execute();
        finished += rows.length;
      },
    });
    w.start();
    await waitFor(async () => inHand > 0 || undefined);
    await w.stop();
    // The batch in hand committed; the second batch was never claimed.
    expect(finished).toBe(5);
    const done = await database.db.selectFrom('tasks').select('id').where('done_by', '=', 'slow').execute();
    expect(done).toHaveLength(5);
  });

  it('a failing pass backs off exponentially (capped), logs once per streak, and recovers', async () => {
    await seed(1, '2026-01-01T00:00:00Z');
    const lines: { msg: string }[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
        cb();
      },
    });
    const log = createLogger({ service: 'claim-test', level: 'info', destination: sink });
    const attempts: number[] = [];
    const w = new ClaimWorker<JobsDB, { id: number }>({
      name: 'flaky',
      db: database.db,
      logger: log,
      idleMs: 1_000,
      backoff: { baseMs: 40, maxMs: 160 },
      claim: () => sql<{ id: number }>`SELECT id FROM tasks WHERE done_by IS NULL FOR UPDATE SKIP LOCKED`,
      process: async (rows, trx) => {
        attempts.push(Date.now());
        if (attempts.length <= 5) throw new Error('store unavailable');
        await trx.updateTable('tasks').set({ done_by: 'flaky' }).where('id', '=', rows[0]!.id).execute();
      },
    });
    w.start();
    await waitFor(async () => attempts.length >= 6 || undefined, { timeoutMs: 5_000 });
    await w.stop();
    const gaps = attempts.slice(1, 6).map((t, i) => t - attempts[i]!);
    // 40, 80, 160, 160, 160 ms: doubling, then capped (timers are never early; allow scheduling slack).
    expect(gaps[0]).toBeGreaterThanOrEqual(38);
    expect(gaps[1]).toBeGreaterThanOrEqual(78);
    expect(gaps[2]).toBeGreaterThanOrEqual(158);
    expect(gaps[3]).toBeGreaterThanOrEqual(158);
    expect(gaps[3]).toBeLessThan(320);
    expect(gaps[4]).toBeLessThan(320);
    const warned = lines.filter((l) => l.msg === 'pass failed; backing off');
    expect(warned).toHaveLength(1);
    expect(lines.filter((l) => l.msg === 'recovered')).toHaveLength(1);
    expect(w.failureStreak).toBe(0);
    const row = await database.db.selectFrom('tasks').select('done_by').executeTakeFirstOrThrow();
    expect(row.done_by).toBe('flaky');
  });
});
