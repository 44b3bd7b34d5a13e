import { describe, expect, it } from 'vitest';
import { TRIAL_MANAGER as tm } from '@jir/testing';
import { intakeForThisFile, refusedCleanly, recordBody } from './harness.js';

const h = intakeForThisFile();

const dh = { sub: 'dh-1', roles: ['division-head'] };

describe('the list of sample draws (R-BX-3)', () => {
  it('R-BX-3: a court’s draws are listed newest first with how far their verification has got, one quarter on request, paged', async () => {
    h.clock.set('2026-03-10T04:00:00Z');
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await h.call('POST', '/v1/records', {
        body: recordBody({
          enter: true,
          receivedAt: '2026-03-10T10:00:00+08:00',
          communicatedAt: '2026-03-10T09:00:00+08:00',
        }),
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      ids.push(r.body.id);
    }
    h.clock.set('2026-04-02T04:00:00Z');
    const q1 = await h.call('POST', '/v1/sample-draws', { as: tm, body: { quarter: '2026-Q1', share: 0.5 } });
    expect(q1.status).toBe(201);
    const q4 = await h.call('POST', '/v1/sample-draws', { as: tm, body: { quarter: '2025-Q4', share: 0.5 } });
    expect(q4.status).toBe(201);
    // The division head confirms one drawn record and disputes another.
    const [first, second] = q1.body.items as { recordId: string }[];
    for (const [item, outcome] of [
      [first!, 'confirmed'],
      [second!, 'disputed'],
    ] as const) {
      const v = await h.call('POST', `/v1/sample-draws/${q1.body.id}/items/${item.recordId}/verification`, {
        as: dh,
        body: { outcome, note: '核实' },
      });
      expect(v.status, JSON.stringify(v.body)).toBe(200);
    }

    const all = await h.call('GET', '/v1/sample-draws', { as: tm });
    expect(all.status).toBe(200);
    expect(all.body).toEqual({
      items: [
        expect.objectContaining({ id: q4.body.id, quarter: '2025-Q4', drawn: 0, confirmed: 0, disputed: 0 }),
        expect.objectContaining({
          id: q1.body.id,
          court: 'JL-CC-NG',
          quarter: '2026-Q1',
          share: 0.5,
          seed: q1.body.seed,
          drawnBy: 'tm-1',
          drawn: 2,
          confirmed: 1,
          disputed: 1,
        }),
      ],
      nextCursor: null,
    });
    const one = await h.call('GET', '/v1/sample-draws?quarter=2026-Q1', { as: tm });
    expect(one.body.items.map((d: { id: string }) => d.id)).toEqual([q1.body.id]);
    const page1 = await h.call('GET', '/v1/sample-draws?limit=1', { as: tm });
    expect(page1.body.items.map((d: { id: string }) => d.id)).toEqual([q4.body.id]);
    expect(page1.body.nextCursor).toBe(q4.body.id);
    const page2 = await h.call('GET', `/v1/sample-draws?limit=1&cursor=${page1.body.nextCursor}`, { as: tm });
    expect(page2.body).toEqual({ items: [expect.objectContaining({ id: q1.body.id })], nextCursor: null });
  });

  it('R-AC-2: another court’s draws are refused by can(); a reader of another court sees only their own court’s', async () => {
    const asked = await h.call('GET', '/v1/sample-draws?court=JL-CC-NG', {
      as: { ...tm, sub: 'tm-9', court: 'JL-CC-KC' },
    });
    expect(asked.status).toBe(403);
    expect(asked.body.message.zh).toBeTruthy();
    const other = await h.call('GET', '/v1/sample-draws?court=JL-CC-KC', { as: tm });
    expect(other.status).toBe(403);
    const own = await h.call('GET', '/v1/sample-draws', { as: { ...tm, sub: 'tm-9', court: 'JL-CC-KC' } });
    expect(own.status).toBe(200);
    expect(own.body.items).toEqual([]);
    expect((await h.call('GET', '/v1/sample-draws', { as: dh })).status).toBe(403);
  });

  it('R-NF-7: a bad quarter, cursor or limit is a bilingual problem+json naming the field', async () => {
    for (const [query, field] of [
      ['quarter=2026-Q5', 'quarter'],
      ['cursor=abc', 'cursor'],
      ['limit=500', 'limit'],
      ['court=%00', 'court'],
    ] as const) {
      const r = await h.call('GET', `/v1/sample-draws?${query}`, { as: tm });
      refusedCleanly(r, query);
      if (r.status === 422) expect(JSON.stringify(r.body.errors)).toContain(field);
    }
  });
});
