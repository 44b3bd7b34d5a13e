import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadlineHarness, recordFacts, type DeadlineHarness } from './harness.js';

let h: DeadlineHarness;
beforeAll(async () => {
  h = await deadlineHarness();
});
afterAll(async () => {
  await h?.close();
});

/** The reporting hub's trial management: the one that loads the deployment's calendar. */
const HUB_TM = { sub: 'tm-0', court: 'JL-CC', division: 'tm', roles: ['trial-management'] };

describe('previewing a calendar load (R-DL-3)', () => {
  it('R-DL-3: the preview counts every court’s duties that would move, details only those the loader may read, changes nothing, and the load then does exactly that', async () => {
    // Received 30 December 2026: the entry and copy periods reach 2027, which no calendar covers.
    const receivedAt = '2026-12-30T10:00:00+08:00';
    const below = recordFacts({ receivedAt, communicatedAt: receivedAt });
    const hub = recordFacts({ receivedAt, communicatedAt: receivedAt, handler: 'judge-z' });
    await h.intake.drafted(below);
    await h.intake.drafted(hub, 'JL-CC');
    await h.awaitObligations(below.recordId, 2);
    await h.awaitObligations(hub.recordId, 2);
    const body = { holidays: ['2027-01-01', '2027-01-04'], makeUpWorkdays: [] };

    const preview = await h.call('POST', '/v1/calendar/2027/preview', { as: HUB_TM, body });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.total).toBe(4);
    expect(preview.body.byCourt).toEqual([
      { court: 'JL-CC', count: 2 },
      { court: 'JL-CC-NG', count: 2 },
    ]);
    // The hub's trial management reads its own court's duties, not the district court's.
    const changes = preview.body.changes as {
      recordId: string;
      fromDueDate: string | null;
      toDueDate: string;
    }[];
    expect(changes).toHaveLength(2);
    expect(changes.every((c) => c.recordId === hub.recordId && c.fromDueDate === null)).toBe(true);
    expect(changes.every((c) => /^2027-01-\d\d$/.test(c.toDueDate))).toBe(true);

    // Only the loader previews; a date outside the year is refused as the load refuses it.
    const other = await h.call('POST', '/v1/calendar/2027/preview', {
      as: { ...HUB_TM, court: 'JL-CC-NG' },
      body,
    });
    expect(other.status).toBe(403);
    const outside = await h.call('POST', '/v1/calendar/2027/preview', {
      as: HUB_TM,
      body: { holidays: ['2028-01-01'], makeUpWorkdays: [] },
    });
    expect(outside.status).toBe(422);
    expect(outside.body.errors[0]).toMatchObject({ path: 'holidays.0', code: 'not-in-year' });

    // Nothing was loaded or moved.
    expect((await h.call('GET', '/v1/calendar/2027', { as: HUB_TM })).status).toBe(404);
    for (const o of [...(await h.obligationsOf(below.recordId)), ...(await h.obligationsOf(hub.recordId))]) {
      expect(o.due_at).toBeNull();
      expect(o.history.map((e) => e.what)).toEqual(['created']);
    }

    const loaded = await h.call('PUT', '/v1/calendar/2027', { as: HUB_TM, body });
    expect(loaded.status, JSON.stringify(loaded.body)).toBe(200);
    expect(loaded.body.recomputed).toBe(preview.body.total);
    const due = (await h.obligationsOf(hub.recordId)).map((o) => o.due_date).sort();
    expect(due).toEqual(changes.map((c) => c.toDueDate).sort());
  });
});
