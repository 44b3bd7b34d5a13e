import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { obligationCreated, obligationMet } from '@jir/contracts';
import { waitFor } from '@jir/testing';
import { deadlineHarness, recordFacts, type DeadlineHarness } from './harness.js';

// A file of its own: the counts on the bus are exact only when no other test publishes.
let h: DeadlineHarness;
beforeAll(async () => {
  h = await deadlineHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('record events arriving together, applied a batch at a time (R-NF-2)', () => {
  it('R-DL-1: forty records drafted, half of them entered, some drafted twice, all at once: one entry and one copy duty each, each announced once; the entered ones met once', async () => {
    const records = Array.from({ length: 40 }, () =>
      recordFacts({ receivedAt: '2026-03-05T10:00:00+08:00' }),
    );
    const entered = records.slice(0, 20);
    // All published without waiting, so the consumer fetches many at once: a record's drafted and
    // entered events in one batch, and a second drafted event (a new event saying the same).
    await Promise.all([
      ...records.map((f) => h.intake.drafted(f)),
      ...entered.map((f) => h.intake.entered(f, '2026-03-05T11:00:00+08:00')),
      ...records.slice(10, 30).map((f) => h.intake.drafted(f)),
    ]);
    const rows = await waitFor(
      async () => {
        const rows = await h.db
          .selectFrom('obligations')
          .select(['record_id', 'kind', 'state', 'due_date'])
          .where(
            'record_id',
            'in',
            records.map((r) => r.recordId),
          )
          .execute();
        return rows.length === 80 && rows.filter((r) => r.state === 'met').length === 20 ? rows : undefined;
      },
      { what: 'every duty opened and the entered ones met', timeoutMs: 30_000 },
    );
    for (const f of records) {
      const own = rows.filter((r) => r.record_id === f.recordId);
      expect(own.map((r) => r.kind).sort()).toEqual(['copy', 'entry']);
      // Thursday 5 March: two and three days end on the weekend, so Monday 9 March (R-DL-3).
      expect(own.every((r) => r.due_date === '2026-03-09')).toBe(true);
      const entry = own.find((r) => r.kind === 'entry')!;
      expect(entry.state).toBe(entered.includes(f) ? 'met' : 'pending');
    }
    await h.drained();
    expect(await h.onBus(obligationCreated)).toBe(80);
    expect(await h.onBus(obligationMet)).toBe(20);
  });
});
