// Group commit of new records (R-NF-1): concurrent creates share transactions,
// yet each answer comes only after its own record committed, a record that
// cannot be written fails alone, and Idempotency-Key retries still make one record.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { recordEntered } from '@jir/contracts';
import { intakeHarness, recordBody, type IntakeHarness } from './harness.js';

let h: IntakeHarness;
beforeAll(async () => {
  h = await intakeHarness();
  // Test-only behaviour of the table, installed by the owner: one case number the database refuses
  // (counting its attempts in a sequence, which a rollback does not undo), one that commits slowly
  // so that requests arriving meanwhile queue for the next shared transaction.
  await sql`CREATE SEQUENCE poison_attempts`.execute(h.db);
  await sql`CREATE SEQUENCE cancelled_attempts`.execute(h.db);
  await sql`
    CREATE FUNCTION group_commit_probe() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
    BEGIN
      IF NEW.case_number = '(2026)吉0102民初666号' THEN
        PERFORM nextval('poison_attempts');
        RAISE EXCEPTION 'refused by the test';
      END IF;
      IF NEW.case_number = '(2026)吉0102民初555号' THEN
        PERFORM nextval('cancelled_attempts');
        RAISE EXCEPTION 'canceling statement due to statement timeout' USING ERRCODE = '57014';
      END IF;
      IF NEW.case_number = '(2026)吉0102民初777号' THEN
        PERFORM pg_sleep(1.5);
      END IF;
      RETURN NEW;
    END $$`.execute(h.db);
  await sql`CREATE TRIGGER group_commit_probe BEFORE INSERT ON records
    FOR EACH ROW EXECUTE FUNCTION group_commit_probe()`.execute(h.db);
});
afterAll(() => h.close());

const create = (caseNo: number, headers: Record<string, string> = {}) =>
  h.call('POST', '/v1/records', {
    body: recordBody({ caseNumber: `(2026)吉0102民初${caseNo}号`, enter: true }),
    headers,
  });

/** Whether the record is committed: read on another connection, which sees nothing uncommitted. */
const committed = async (id: string) =>
  (await h.db.selectFrom('records').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;

/** The transactions that wrote these records (rows written by one transaction share its xmin). */
const transactionsOf = async (ids: string[]) =>
  (
    await sql<{
      n: number;
    }>`SELECT count(DISTINCT xmin::text)::int AS n FROM records WHERE id = ANY(${ids}::uuid[])`.execute(h.db)
  ).rows[0]!.n;

/** Two slow creates hold both commit slots, so what arrives meanwhile shares the next transaction. */
function holdCommitSlots() {
  return [create(777), create(777)];
}

/**
 * The answers to `each` creates from `from`, the one of `caseNo`, and `each` more from `from + 100`,
 * all sent while the commit slots are held: they share one transaction. The middle answer is `caseNo`'s.
 */
async function batchAround(caseNo: number, each: number, from: number) {
  const slow = holdCommitSlots();
  await new Promise((r) => setTimeout(r, 300));
  const answers = await Promise.all([
    ...Array.from({ length: each }, (_, i) => create(from + i)),
    create(caseNo),
    ...Array.from({ length: each }, (_, i) => create(from + 100 + i)),
  ]);
  await Promise.all(slow);
  return answers;
}

describe('group commit of new records (R-NF-1)', () => {
  it('R-NF-1: concurrent creates share transactions, and each 201 comes only after its own record is committed', async () => {
    const slow = holdCommitSlots();
    await new Promise((r) => setTimeout(r, 300));
    const seenCommitted: boolean[] = [];
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        create(2000 + i).then(async (r) => {
          // Checked the moment the answer arrives, before anything else can commit it.
          seenCommitted.push(r.status === 201 && (await committed(r.body.id)));
          return r;
        }),
      ),
    );
    await Promise.all(slow);
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(seenCommitted).toEqual(Array(20).fill(true));
    const ids = answers.map((r) => r.body.id as string);
    // Twenty records in fewer transactions than records: they were grouped.
    expect(await transactionsOf(ids)).toBeLessThan(20);
    // Each still has everything a record has: its version, its event and its audit entry.
    const versions = await h.db
      .selectFrom('record_versions')
      .select('record_id')
      .where('record_id', 'in', ids)
      .execute();
    expect(versions).toHaveLength(20);
    const events = await h.db
      .selectFrom('outbox')
      .select('id')
      .where('subject', '=', recordEntered.subject)
      .where('aggregate_id', 'in', ids)
      .execute();
    expect(events).toHaveLength(20);
    const audit = await h.db
      .selectFrom('audit_entries')
      .select('subject_id')
      .where('action', '=', 'record.entered')
      .where('subject_id', 'in', ids)
      .execute();
    expect(audit).toHaveLength(20);
    expect(answers.map((r) => r.body.state)).toEqual(Array(20).fill('entered'));
  });

  it('R-NF-1: a record the database refuses fails alone; the records sharing its transaction commit', async () => {
    const answers = await batchAround(666, 8, 3000);
    const poison = answers[8]!;
    const others = answers.filter((_, i) => i !== 8);
    expect(poison.status).toBe(500);
    expect(poison.type).toContain('application/problem+json');
    expect(others.map((r) => r.status)).toEqual(Array(16).fill(201));
    for (const r of others) expect(await committed(r.body.id)).toBe(true);
    const stored = await h.db
      .selectFrom('records')
      .select('id')
      .where('case_number', '=', '(2026)吉0102民初666号')
      .execute();
    expect(stored).toHaveLength(0);
    // It was tried inside a shared transaction first, then again on its own: more than one attempt.
    const attempts = (await sql<{ n: string }>`SELECT last_value AS n FROM poison_attempts`.execute(h.db))
      .rows[0]!.n;
    expect(Number(attempts)).toBeGreaterThan(1);
    expect(await transactionsOf(others.map((r) => r.body.id as string))).toBeLessThan(16);
  });

  it('R-NF-1, R-NF-6: a statement the database cancelled says nothing of which record: its batch is answered 503 at once, not split and tried again', async () => {
    const answers = await batchAround(555, 4, 5000);
    // One attempt: split in halves, the batch would have been written four times or more, one
    // after the other, each waiting for its own cancellation (a statement timeout each).
    // A sequence never called reads last_value 1 too: is_called tells them apart.
    const attempts = (
      await sql<{
        n: string;
      }>`SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS n FROM cancelled_attempts`.execute(h.db)
    ).rows[0]!.n;
    expect(Number(attempts)).toBe(1);
    expect(answers.map((r) => r.status)).toEqual(Array(9).fill(503));
    for (const r of answers) expect(r.body.code).toBe('service-unavailable');
    const stored = await h.db
      .selectFrom('records')
      .select('id')
      .where(
        'case_number',
        'in',
        [5000, 5001, 5002, 5003, 555, 5100, 5101, 5102, 5103].map((n) => `(2026)吉0102民初${n}号`),
      )
      .execute();
    expect(stored).toHaveLength(0);
  });

  it('R-NF-1: retries with one Idempotency-Key inside a busy batch still make one record with one answer', async () => {
    const slow = holdCommitSlots();
    await new Promise((r) => setTimeout(r, 300));
    const headers = { 'idempotency-key': 'group-commit-4000' };
    const answers = await Promise.all([
      ...Array.from({ length: 6 }, () => create(4000, headers)),
      ...Array.from({ length: 6 }, (_, i) => create(4100 + i)),
    ]);
    await Promise.all(slow);
    expect(answers.map((r) => r.status)).toEqual(Array(12).fill(201));
    const keyed = answers.slice(0, 6);
    expect(new Set(keyed.map((r) => r.body.id)).size).toBe(1);
    const rows = await h.db
      .selectFrom('records')
      .select('id')
      .where('case_number', '=', '(2026)吉0102民初4000号')
      .execute();
    expect(rows).toEqual([{ id: keyed[0]!.body.id }]);
    // A later retry gets the stored answer: the same record, nothing new.
    const again = await create(4000, headers);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(keyed[0]!.body);
    expect(
      await h.db
        .selectFrom('records')
        .select('id')
        .where('case_number', '=', '(2026)吉0102民初4000号')
        .execute(),
    ).toHaveLength(1);
  });
});
