import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadlineHarness, recordFacts, type DeadlineHarness } from './harness.js';

let h: DeadlineHarness;
beforeAll(async () => {
  h = await deadlineHarness();
});
afterAll(async () => {
  await h?.close();
});

const HUB_TM = { sub: 'tm-0', court: 'JL-CC', roles: ['trial-management'] };

describe('a calendar load recomputes only what it changes (R-DL-3)', () => {
  it('R-DL-3: loading a year no duty reaches recomputes nothing; a duty waiting for another year keeps its history and says what is covered now', async () => {
    // Received 30 December 2026: the entry period reaches 2027, which no calendar covers here.
    const f = recordFacts({ receivedAt: '2026-12-30T10:00:00+08:00' });
    await h.intake.drafted(f);
    const before = await h.awaitObligations(f.recordId, 2);
    expect(before.every((o) => o.due_at === null && /2027/.test(o.pending_reason ?? ''))).toBe(true);
    const year = 2090;
    const loaded = await h.call('PUT', `/v1/calendar/${year}`, {
      as: HUB_TM,
      body: { holidays: [`${year}-01-01`], makeUpWorkdays: [] },
    });
    expect(loaded.status).toBe(200);
    expect(loaded.body.recomputed).toBe(0);
    const after = await h.obligationsOf(f.recordId);
    for (const o of after) {
      expect(o.history.map((e) => e.what)).toEqual(['created']);
      expect(o.due_at).toBeNull();
      expect(o.pending_reason).toMatch(/2027/);
      expect(o.pending_reason).toMatch(new RegExp(String(year)));
    }
  });
});
