import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely, type Migration } from 'kysely';
import { createTestDatabase, waitFor, type TestDatabase } from '@jir/testing';
import { ClaimWorker, createDatabase, type Database } from '../src/index.js';
import { logger } from './harness.js';

interface JobsDB {
  jobs: { id: number; done_at: Date | null };
}

const migrations: Record<string, Migration> = {
  '2026-12-09T01-00-jobs': {
    async up(db: Kysely<any>) {
      await sql`CREATE TABLE jobs (id int PRIMARY KEY, done_at timestamptz)`.execute(db);
    },
  },
};

let tdb: TestDatabase;
let database: Database<JobsDB>;
beforeAll(async () => {
  tdb = await createTestDatabase({ migrations, prefix: 'jir_t_claimc' });
  database = createDatabase<JobsDB>(tdb.url, { max: 6 });
});
afterAll(async () => {
  await database.close();
  await tdb.drop();
});

/** Job 1 takes `slowMs` to process (a pass whose mark and commit are slow); the others none. */
function worker(concurrency: number, slowMs: number) {
  return new ClaimWorker<JobsDB, { id: number }>({
    name: `concurrency-${concurrency}`,
    db: database.db,
    logger,
    concurrency,
    // Long enough that only a wake, never the poll, explains a prompt pass.
    idleMs: 60_000,
    claim: (_trx, { limit }) =>
      sql<{
        id: number;
      }>`SELECT id FROM jobs WHERE done_at IS NULL ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED`,
    process: async (rows, trx) => {
      if (rows.some((r) => r.id === 1)) await new Promise((r) => setTimeout(r, slowMs));
      await trx
        .updateTable('jobs')
        .set({ done_at: new Date() })
        .where(
          'id',
          'in',
          rows.map((r) => r.id),
        )
        .execute();
    },
  });
}

const doneIds = async () =>
  (
    await database.db.selectFrom('jobs').select('id').where('done_at', 'is not', null).orderBy('id').execute()
  ).map((r) => r.id);

describe('ClaimWorker with concurrency', () => {
  it('R-NF-2: a wake while one pass is busy starts the idle one at once; the idle pass takes only what the busy one did not claim', async () => {
    await database.db.insertInto('jobs').values({ id: 1, done_at: null }).execute();
    const w = worker(2, 4_000);
    w.start();
    // The first pass holds job 1 for 4 s.
    await new Promise((r) => setTimeout(r, 300));
    await database.db.insertInto('jobs').values({ id: 2, done_at: null }).execute();
    w.wake();
    // Job 2 is done by the other pass while job 1's is still in hand: one pass would have waited.
    await waitFor(async () => ((await doneIds()).includes(2) ? true : undefined), {
      what: 'job 2 done',
      timeoutMs: 3_000,
    });
    expect(await doneIds()).toEqual([2]);
    await w.stop();
    // stop() waited for the busy pass: job 1 is done too, and nothing twice (a second claim of
    // job 1 would have waited for its lock and found it done).
    expect(await doneIds()).toEqual([1, 2]);
  });
});
