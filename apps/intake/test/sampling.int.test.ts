import { describe, expect, it } from 'vitest';
import { drawOrder } from '../src/sampling/sampling.service.js';
import { TRIAL_MANAGER as tm } from '@jir/testing';
import { intakeForThisFile, recordBody } from './harness.js';

const h = intakeForThisFile();

describe('sample verification (R-BX-3)', () => {
  it('R-BX-3: a share of the quarter’s entered records is drawn, reproducibly, and verified by a second person', async () => {
    const ids: string[] = [];
    // Receipts are never in the future (R-RC-4): the clock stands after each one stated.
    h.clock.set('2026-03-10T04:00:00Z');
    for (let i = 0; i < 20; i++) {
      const r = await h.call('POST', '/v1/records', {
        body: recordBody({
          form: 'oral',
          place: '接待室',
          personsPresent: [{ staffId: 'clerk-b' }],
          enter: true,
          receivedAt: '2026-03-10T10:00:00+08:00',
          communicatedAt: '2026-03-10T09:00:00+08:00',
        }),
      });
      ids.push(r.body.id);
    }
    // A draft is not in the population.
    await h.call('POST', '/v1/records', {
      body: recordBody({ form: 'sms', receivedAt: '2026-03-10T10:00:00+08:00' }),
    });

    expect(
      (await h.call('POST', '/v1/sample-draws', { as: tm, body: { quarter: '2026-Q1', share: 0.25 } })).body
        .code,
    ).toBe('quarter-not-over');
    // Nor is another quarter's record.
    h.clock.set('2026-04-02T04:00:00Z');
    expect(
      (
        await h.call('POST', '/v1/records', {
          body: recordBody({
            enter: true,
            receivedAt: '2026-04-02T10:00:00+08:00',
            communicatedAt: '2026-04-02T09:00:00+08:00',
          }),
        })
      ).status,
    ).toBe(201);
    expect((await h.call('POST', '/v1/sample-draws', { body: { quarter: '2026-Q1' } })).status).toBe(403);
    const draw = await h.call('POST', '/v1/sample-draws', {
      as: tm,
      body: { quarter: '2026-Q1', share: 0.25 },
    });
    expect(draw.status).toBe(201);
    expect(draw.body.items).toHaveLength(5);
    // Anyone with the seed recomputes the same draw.
    expect(draw.body.items.map((i: { recordId: string }) => i.recordId).sort()).toEqual(
      drawOrder(draw.body.seed, ids).slice(0, 5).sort(),
    );
    expect(
      (await h.call('POST', '/v1/sample-draws', { as: tm, body: { quarter: '2026-Q1' } })).body.code,
    ).toBe('already-drawn');

    const [first, second] = draw.body.items as { recordId: string }[];
    const verify = (recordId: string, as: Record<string, unknown>) =>
      h.call('POST', `/v1/sample-draws/${draw.body.id}/items/${recordId}/verification`, {
        as,
        body: { outcome: 'confirmed', note: '与当时情况一致' },
      });
    expect((await verify(first!.recordId, { sub: 'judge-a', roles: ['case-handler'] })).body.code).toBe(
      'not-a-verifier',
    );
    expect((await verify(first!.recordId, { sub: 'someone', roles: ['case-handler'] })).body.code).toBe(
      'not-a-verifier',
    );
    expect((await verify(first!.recordId, { sub: 'clerk-b', roles: [] })).status).toBe(200);
    expect((await verify(first!.recordId, { sub: 'clerk-b', roles: [] })).body.code).toBe('already-verified');
    expect((await verify(second!.recordId, { sub: 'dh-1', roles: ['division-head'] })).status).toBe(200);
    const state = await h.call('GET', `/v1/sample-draws/${draw.body.id}`, { as: tm });
    expect(state.body.items.filter((i: { verification: unknown }) => i.verification).length).toBe(2);
  });
});
