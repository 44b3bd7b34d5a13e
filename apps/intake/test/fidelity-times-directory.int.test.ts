import { describe, expect, it } from 'vitest';
import { intakeForThisFile, recordBody } from './harness.js';

const h = intakeForThisFile();

/** An instant `days` after the harness's clock. */
const inDays = (days: number) => new Date(h.clock.now().getTime() + days * 86_400_000).toISOString();

describe('a correction cannot move a receipt into the future (R-RC-4)', () => {
  it('R-RC-4: a receipt correction 7 days ahead is refused naming receivedAt, and no correction waits for approval', async () => {
    const r = await h.call('POST', '/v1/records', {
      body: recordBody({
        form: 'meeting',
        place: '办公室',
        personsPresent: [{ name: '张某' }],
        communicatedAt: '2026-03-02T15:00:00+08:00',
        enter: true,
      }),
    });
    expect(r.body.state).toBe('entered');
    const future = await h.call('POST', `/v1/records/${r.body.id}/receipt-corrections`, {
      body: { receivedAt: inDays(7), reason: '时间写错' },
    });
    expect(future.status).toBe(422);
    expect(future.body.errors).toEqual([
      expect.objectContaining({ path: 'receivedAt', code: 'in-the-future' }),
    ]);
    // Nothing was stored: a proper request is the first, not a second behind a pending one.
    const proper = await h.call('POST', `/v1/records/${r.body.id}/receipt-corrections`, {
      body: { receivedAt: '2026-03-02T16:00:00+08:00', reason: '实际前一天下午收到' },
    });
    expect(proper.status, JSON.stringify(proper.body)).toBe(201);
  });
});

describe('the directory’s active from/until bind who may be named (R-AC-1, R-RC-3)', () => {
  // A court of its own, so this directory binds nothing else in the file's database.
  const COURT = 'JL-CC-FID';
  const tm = { sub: 'tm-9', court: COURT, division: 'tm', roles: ['trial-management'] };
  const handler = { sub: 'judge-9', court: COURT, division: 'civil-1', roles: ['case-handler'] };
  const present = (staffId: string) =>
    h.call('POST', '/v1/records', {
      as: handler,
      body: recordBody({ form: 'meeting', place: '办公室', personsPresent: [{ staffId }] }),
    });

  it('R-AC-1, R-RC-3: someone who joins later or whose time has ended is refused as a person present; who is active now is named', async () => {
    const loaded = await h.call('PUT', '/v1/staff', {
      as: tm,
      body: {
        staff: [
          { id: 'judge-9', name: '承办人', division: 'civil-1', roles: ['case-handler'] },
          { id: 'now-1', name: '在岗书记员', division: 'civil-1', roles: [], activeFrom: inDays(-30) },
          { id: 'later-1', name: '新进书记员', division: 'civil-1', roles: [], activeFrom: inDays(10) },
          { id: 'gone-1', name: '离任书记员', division: 'civil-1', roles: [], activeUntil: inDays(-1) },
        ],
      },
    });
    expect(loaded.status, JSON.stringify(loaded.body)).toBe(200);
    expect((await present('now-1')).status).toBe(201);
    for (const id of ['later-1', 'gone-1']) {
      const r = await present(id);
      expect(r.status, id).toBe(422);
      expect(r.body).toMatchObject({
        code: 'staff-unknown',
        errors: [{ path: 'personsPresent.0.staffId' }],
      });
    }
    // Who has left is kept and shown as such when asked for everyone; pickers leave them out.
    const picker = (await h.call('GET', '/v1/staff?q=gone-1', { as: tm })).body;
    expect(picker).toEqual([]);
    const all = (await h.call('GET', '/v1/staff?q=gone-1&all=true', { as: tm })).body;
    expect(all).toEqual([expect.objectContaining({ id: 'gone-1', active: false })]);
  });
});
