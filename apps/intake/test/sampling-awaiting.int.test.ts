import { describe, expect, it } from 'vitest';
import { TRIAL_MANAGER as tm } from '@jir/testing';
import { intakeForThisFile, recordBody } from './harness.js';

const h = intakeForThisFile();

const headCivil1 = { sub: 'dh-1', division: 'civil-1', roles: ['division-head'] };
const headCivil2 = { sub: 'dh-2', division: 'civil-2', roles: ['division-head'] };

describe('drawn records waiting for their verifier (R-BX-3)', () => {
  it('R-BX-3: each person present and each division head is shown exactly the drawn records they may verify, until one is verified', async () => {
    h.clock.set('2026-05-12T04:00:00Z');
    const enter = async (as: Record<string, unknown>, personsPresent: { staffId: string }[]) =>
      (
        await h.call('POST', '/v1/records', {
          as,
          body: recordBody({
            form: 'oral',
            place: '接待室',
            personsPresent,
            enter: true,
            receivedAt: '2026-05-12T10:00:00+08:00',
            communicatedAt: '2026-05-12T09:00:00+08:00',
          }),
        })
      ).body.id as string;
    // judge-a's record (civil-1) with clerk-b present; judge-c's (civil-2) with judge-a present;
    // and one that the head of civil-1 handles himself.
    const a = await enter({}, [{ staffId: 'clerk-b' }]);
    const c = await enter({ sub: 'judge-c', division: 'civil-2' }, [{ staffId: 'judge-a' }]);
    const own = await enter({ sub: 'dh-1', division: 'civil-1', roles: ['case-handler', 'division-head'] }, [
      { staffId: 'clerk-b' },
    ]);

    const names = new Map([
      [a, 'a'],
      [c, 'c'],
      [own, 'own'],
    ]);

    h.clock.set('2026-07-02T02:00:00Z');
    const draw = await h.call('POST', '/v1/sample-draws', { as: tm, body: { quarter: '2026-Q2', share: 1 } });
    expect(draw.status, JSON.stringify(draw.body)).toBe(201);
    expect(draw.body.items).toHaveLength(3);

    const waiting = async (as: Record<string, unknown> | undefined) => {
      const r = await h.call('GET', '/v1/sample-draws/awaiting-my-verification', as ? { as } : {});
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return (r.body.items as { recordId: string; as: string; drawId: string; quarter: string }[])
        .map((i) => `${names.get(i.recordId) ?? i.recordId}:${i.as}`)
        .sort();
    };
    expect(await waiting({ sub: 'clerk-b', roles: [] })).toEqual(['a:present', 'own:present']);
    // The head of civil-1 verifies judge-a's record, never the one he handles himself.
    expect(await waiting({ ...headCivil1, roles: ['case-handler', 'division-head'] })).toEqual([
      'a:division-head',
    ]);
    expect(await waiting(headCivil2)).toEqual(['c:division-head']);
    // judge-a was present at judge-c's record; his own is not his to verify.
    expect(await waiting(undefined)).toEqual(['c:present']);
    expect(await waiting(tm)).toEqual([]);
    expect(await waiting({ ...headCivil1, court: 'JL-CC-KC' })).toEqual([]);

    const one = (await h.call('GET', '/v1/sample-draws/awaiting-my-verification', { as: headCivil2 })).body
      .items[0];
    expect(one).toMatchObject({
      drawId: draw.body.id,
      quarter: '2026-Q2',
      handler: 'judge-c',
      division: 'civil-2',
    });

    // Once anyone verifies a record it waits for nobody.
    const verified = await h.call('POST', `/v1/sample-draws/${draw.body.id}/items/${a}/verification`, {
      as: { sub: 'clerk-b', roles: [] },
      body: { outcome: 'confirmed', note: '与当时情况一致' },
    });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    expect(await waiting({ sub: 'clerk-b', roles: [] })).toEqual(['own:present']);
    expect(await waiting({ ...headCivil1, roles: ['case-handler', 'division-head'] })).toEqual([]);
    // What the list offers, the verification accepts.
    const byHead = await h.call('POST', `/v1/sample-draws/${draw.body.id}/items/${c}/verification`, {
      as: headCivil2,
      body: { outcome: 'disputed', note: '卷宗未见' },
    });
    expect(byHead.status, JSON.stringify(byHead.body)).toBe(200);
    expect(await waiting(headCivil2)).toEqual([]);
    expect(await waiting(undefined)).toEqual([]);
  });
});
