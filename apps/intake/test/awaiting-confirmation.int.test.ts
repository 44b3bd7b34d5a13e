import { describe, expect, it } from 'vitest';
import { intakeForThisFile, recordBody } from './harness.js';

const h = intakeForThisFile();

const AWAITING = '/v1/records/awaiting-my-confirmation';
const oral = (caseNumber: string, present: unknown[], over: Record<string, unknown> = {}) =>
  h.call('POST', '/v1/records', {
    body: recordBody({
      caseNumber,
      form: 'oral',
      place: '本院第三接待室',
      personsPresent: present,
      enter: true,
      ...over,
    }),
  });
const awaiting = async (as: Record<string, unknown>) => {
  const r = await h.call('GET', AWAITING, { as });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return (r.body.items as Array<{ id: string; caseNumber: string; content: string }>).map(
    (i) => i.caseNumber,
  );
};

describe('records awaiting my confirmation (R-RC-3)', () => {
  it('R-RC-3: each colleague listed present sees the record, with its content, until they confirm; nobody else does', async () => {
    const a = await oral('(2026)吉0102民初501号', [{ staffId: 'judge-b' }, { staffId: 'clerk-b' }]);
    const b = await oral('(2026)吉0102民初502号', [
      { staffId: 'judge-b' },
      { name: '代理人丙', role: 'agent' },
    ]);
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    // Any role or none: being present is what counts, as for the confirmation itself.
    const judgeB = { sub: 'judge-b', roles: ['case-handler'] };
    const clerkB = { sub: 'clerk-b', roles: [] };
    expect(await awaiting(judgeB)).toEqual(['(2026)吉0102民初501号', '(2026)吉0102民初502号']);
    expect(await awaiting(clerkB)).toEqual(['(2026)吉0102民初501号']);
    const full = (await h.call('GET', AWAITING, { as: clerkB })).body.items[0];
    expect(full.content).toBe('来电要求对被执行人的财产解除查封');
    expect(full.confirmations).toEqual({ confirmed: [], missing: ['judge-b', 'clerk-b'] });

    // The handler, a stranger of the court, and the same id at another court see none of them.
    expect(await awaiting({ sub: 'judge-a', roles: ['case-handler'] })).toEqual([]);
    expect(await awaiting({ sub: 'stranger', roles: ['case-handler'] })).toEqual([]);
    expect(await awaiting({ sub: 'judge-b', court: 'JL-CC-KC', roles: ['case-handler'] })).toEqual([]);

    // Confirming takes it off the list of the one who confirmed only.
    const c = await h.call('POST', `/v1/records/${a.body.id}/confirmations`, { as: judgeB });
    expect(c.status).toBe(200);
    expect(await awaiting(judgeB)).toEqual(['(2026)吉0102民初502号']);
    expect(await awaiting(clerkB)).toEqual(['(2026)吉0102民初501号']);
  });

  it('R-AC-3: showing a colleague what they are to confirm is a read, logged like any other', async () => {
    const r = await oral('(2026)吉0102民初503号', [{ staffId: 'judge-d' }]);
    await awaiting({ sub: 'judge-d', roles: ['case-handler'] });
    const views = await h.call('GET', `/v1/records/${r.body.id}/views`);
    expect(views.status).toBe(200);
    expect(views.body.map((v: { viewer: string }) => v.viewer)).toContain('judge-d');
  });

  it('R-AC-1: without a token the list is refused with a bilingual problem', async () => {
    const r = await h.call('GET', AWAITING, { as: null });
    expect(r.status).toBe(401);
    expect(r.type).toContain('application/problem+json');
    expect(r.body.message.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(r.body.message.en).toBeTruthy();
  });
});
