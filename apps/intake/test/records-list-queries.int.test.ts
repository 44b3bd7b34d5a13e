import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordBodySchema, recordListQuerySchema } from '@jir/contracts';
import { createDatabase, type AuthenticatedActor, type Database } from '@jir/service-kit';
import { ManualClock, createTestDatabase, type TestDatabase } from '@jir/testing';
import { intakeMigrations } from '../src/db/migrations/index.js';
import type { IntakeDB } from '../src/db/schema.js';
import { StatedTimes } from '../src/time/stated-times.js';
import { RecordsService } from '../src/records/records.service.js';
import { NOW, recordBody } from './harness.js';

/** Counts the statements a Kysely instance sends, so a test can see N+1 patterns. */
class QueryCounter implements KyselyPlugin {
  n = 0;
  transformQuery(args: PluginTransformQueryArgs) {
    return args.node;
  }
  // Called once per executed statement (transformQuery also sees subqueries as they are built).
  async transformResult(args: PluginTransformResultArgs) {
    this.n++;
    return args.result;
  }
}

let tdb: TestDatabase;
let database: Database<IntakeDB>;
const counter = new QueryCounter();
let records: RecordsService;
const handler: AuthenticatedActor = {
  sub: 'judge-q',
  court: 'JL-CC-NG',
  division: 'civil-1',
  roles: ['case-handler'],
};
const ids: string[] = [];

beforeAll(async () => {
  tdb = await createTestDatabase({ migrations: intakeMigrations, prefix: 'jir_t_intake_q' });
  database = createDatabase<IntakeDB>(tdb.url, { max: 4 });
  const clock = new ManualClock(NOW);
  records = new RecordsService({
    db: database.db.withPlugin(counter),
    clock,
    statedTimes: new StatedTimes(clock, 300_000),
  });
  for (let i = 0; i < 12; i++) {
    const body = recordBodySchema.parse(
      recordBody({
        caseNumber: `(2026)吉0102民初${900 + i}号`,
        form: 'meeting',
        place: '办公室',
        personsPresent: [
          { name: '书记员甲', staffId: 'clerk-1' },
          { name: '书记员乙', staffId: 'clerk-2' },
        ],
      }),
    );
    ids.push((await records.create(handler, body, '127.0.0.1')).id);
  }
  // Some rows with evidence and confirmations, so the list has per-row facts to get right.
  await database.db
    .insertInto('record_evidence')
    .values(
      [0, 0, 3].map((i, k) => ({
        evidence_id: crypto.randomUUID(),
        record_id: ids[i]!,
        court: 'JL-CC-NG',
        media_type: 'image/png',
        sha256: String(k).repeat(64),
        uploaded_at: new Date(NOW),
      })),
    )
    .execute();
  await records.confirm({ ...handler, sub: 'clerk-2', roles: ['staff'] }, ids[0]!);
  await records.confirm({ ...handler, sub: 'clerk-1', roles: ['staff'] }, ids[0]!);
});
afterAll(async () => {
  await database.close();
  await tdb.drop();
});

async function listCounted(limit: number) {
  const before = counter.n;
  const page = await records.list(handler, recordListQuerySchema.parse({ limit: String(limit) }), '10.0.0.9');
  return { page, queries: counter.n - before };
}

describe('record list: one statement per page, not two per row', () => {
  it('R-RC-5: a page of 10 and a page of 2 each take one statement, with evidence counts, confirmations and view log right', async () => {
    const viewsBefore = await database.db
      .selectFrom('record_views')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const big = await listCounted(10);
    const small = await listCounted(2);
    expect(big.queries).toBe(1);
    expect(small.queries).toBe(1);
    expect(big.page.items).toHaveLength(10);
    expect(big.page.nextCursor).toBe(big.page.items[9]!.id);
    const byId = new Map(big.page.items.map((r) => [r.id, r]));
    expect(byId.get(ids[3]!)!.evidenceCount).toBe(1);
    const last = await listCounted(12);
    const first = last.page.items.find((r) => r.id === ids[0])!;
    expect(first.evidenceCount).toBe(2);
    expect(first.confirmations).toEqual({ confirmed: ['clerk-2', 'clerk-1'], missing: [] });
    expect(last.page.items.find((r) => r.id === ids[5])!.confirmations.missing).toEqual([
      'clerk-1',
      'clerk-2',
    ]);
    // Every row shown was logged as read (R-AC-3), and the look-ahead row was not.
    const views = await database.db
      .selectFrom('record_views')
      .select(['record_id', 'viewer', 'viewer_court', 'viewer_roles', 'address'])
      .orderBy('id')
      .offset(Number(viewsBefore.n))
      .execute();
    expect(views).toHaveLength(10 + 2 + 12);
    expect(views[0]).toEqual({
      record_id: big.page.items[0]!.id,
      viewer: 'judge-q',
      viewer_court: 'JL-CC-NG',
      viewer_roles: ['case-handler'],
      address: '10.0.0.9',
    });
    expect(views.slice(10, 12).map((v) => v.record_id)).toEqual(small.page.items.map((r) => r.id));
  });
});
