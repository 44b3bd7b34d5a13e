import { afterAll, beforeAll, expect, it } from 'vitest';
import { obligationBreached } from '@jir/contracts';
import { waitFor } from '@jir/testing';
import { deadlineHarness, recordFacts, type DeadlineHarness } from './harness.js';

let h: DeadlineHarness;
beforeAll(async () => {
  h = await deadlineHarness({ start: '2026-03-05T02:00:00Z' });
});
afterAll(async () => {
  await h?.close();
});

const N = 150;

it('R-DL-6: deadlines that fell due while no instance ran are processed when two instances come back, each exactly once', async () => {
  const ids: string[] = [];
  for (let i = 0; i < N; i++) {
    const f = recordFacts({ receivedAt: '2026-03-05T10:00:00+08:00' });
    ids.push(f.recordId);
    await h.intake.drafted(f);
  }
  const pending = await waitFor(
    async () => {
      const r = await h.db.selectFrom('obligations').select('id').where('record_id', 'in', ids).execute();
      return r.length === 2 * N ? r : undefined;
    },
    { timeoutMs: 30_000, what: 'obligations opened' },
  );
  // Down over the deadline: a restart, then a second instance beside the first.
  await h.restart();
  h.clock.set('2026-03-12T00:00:00Z');
  const second = await h.startInstance();
  expect(second.url).not.toBe(h.service.url);
  // Both instances claim concurrently until nothing is left; SKIP LOCKED splits the rows.
  const drain = async (s: typeof second) => {
    let total = 0;
    for (let n = 1; n > 0; total += n) n = await s.parts.scheduler.runOnce();
    return total;
  };
  const [a, b] = await Promise.all([drain(h.service), drain(second)]);
  expect(a + b).toBeGreaterThanOrEqual(2 * N);
  const rows = await h.db
    .selectFrom('obligations')
    .select(['id', 'state'])
    .where('record_id', 'in', ids)
    .execute();
  expect(rows.every((r) => r.state === 'breached')).toBe(true);
  const events = await h.db
    .selectFrom('outbox')
    .select(['aggregate_id'])
    .where('subject', '=', obligationBreached.subject)
    .where(
      'aggregate_id',
      'in',
      pending.map((p) => p.id),
    )
    .execute();
  expect(events).toHaveLength(2 * N);
  expect(new Set(events.map((e) => e.aggregate_id)).size).toBe(2 * N);
  // Another pass of either instance finds nothing more to do.
  expect(await h.tick()).toBe(0);
  await h.drained();
  expect(await h.onBus(obligationBreached)).toBe(2 * N);
});
