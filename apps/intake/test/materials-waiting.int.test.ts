import { describe, expect, it } from 'vitest';
import { RECEIVING_CLERK as clerk, TRIAL_MANAGER as tm, filingBody, officialLetterBody } from '@jir/testing';
import { intakeForThisFile, refusedCleanly } from './harness.js';

const h = intakeForThisFile();

const civilClerk = { sub: 'civil-clerk', roles: [] };
const vp = { sub: 'vp-1', division: 'leaders', roles: ['vice-president'] };
const dh = { sub: 'dh-1', roles: ['division-head'] };
const judge = { sub: 'judge-a', roles: ['case-handler'] };
const route = filingBody();
const receipt = (n: number) =>
  officialLetterBody({ caseNumber: `(2026)吉0102民初${n}号`, description: `函件 ${n}` });

/** Each test receives in a court of its own, so the tests hold in any order. */
async function receive(n: number, court = 'JL-CC-NG') {
  const r = await h.call('POST', '/v1/materials', { as: { ...clerk, court }, body: receipt(n) });
  expect(r.status).toBe(201);
  return r.body.id as string;
}

/** What waits for `as`: material id → what is expected of them. */
async function waiting(as: Record<string, unknown>) {
  const r = await h.call('GET', '/v1/materials?waitingFor=me', { as });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  expect(r.body.nextCursor).toBeNull();
  return Object.fromEntries(
    (r.body.items as { id: string; expectedOfMe: string }[]).map((i) => [i.id, i.expectedOfMe]),
  );
}

async function pass(id: string, as: Record<string, unknown>, hop: string, to: string) {
  h.clock.advance(60_000);
  const r = await h.call('POST', `/v1/materials/${id}/transfers`, { as, body: { hop, to } });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

describe('materials waiting for me (R-TR-2, R-TR-3)', () => {
  it('R-TR-3: each stage lists the materials for whoever must register, pass on or receive them next, and for nobody else', async () => {
    const a = await receive(1);
    const b = await receive(2);
    // Received, unregistered: the receiving clerk hands them over, trial management registers them.
    expect(await waiting(clerk)).toEqual({ [a]: 'pass-on', [b]: 'pass-on' });
    expect(await waiting(tm)).toEqual({ [a]: 'register', [b]: 'register' });
    for (const who of [civilClerk, vp, dh, judge]) expect(await waiting(who)).toEqual({});

    expect((await h.call('POST', `/v1/materials/${a}/filing`, { as: tm, body: route })).status).toBe(200);
    expect(await waiting(clerk)).toEqual({ [b]: 'pass-on' });
    expect(await waiting(tm)).toEqual({ [a]: 'pass-on', [b]: 'register' });
    expect(await waiting(civilClerk)).toEqual({ [a]: 'receive' });
    expect(await waiting(vp)).toEqual({});

    await pass(a, tm, 'trial-department', 'civil-clerk');
    expect(await waiting(tm)).toEqual({ [b]: 'register' });
    expect(await waiting(civilClerk)).toEqual({ [a]: 'pass-on' });
    expect(await waiting(vp)).toEqual({ [a]: 'receive' });

    await pass(a, civilClerk, 'vice-president', 'vp-1');
    expect(await waiting(vp)).toEqual({ [a]: 'pass-on' });
    expect(await waiting(dh)).toEqual({ [a]: 'receive' });
    expect(await waiting(civilClerk)).toEqual({});

    await pass(a, vp, 'division-head', 'dh-1');
    expect(await waiting(judge)).toEqual({ [a]: 'receive' });
    await pass(a, dh, 'case-handler', 'judge-a');
    // Delivered: the chain waits for nobody, though the handler still reads the materials.
    for (const who of [clerk, civilClerk, vp, dh, judge]) expect((await waiting(who))[a]).toBeUndefined();
    const mine = await h.call('GET', '/v1/materials', { as: judge });
    expect(mine.body.items).toEqual([
      expect.objectContaining({ id: a, expectedOfMe: null, deliveredAt: expect.any(String) }),
    ]);
    expect(mine.body.items[0].hops.map((x: { hop: string }) => x.hop)).toEqual([
      'trial-department',
      'vice-president',
      'division-head',
      'case-handler',
    ]);
  });

  it('R-AC-2: another court’s trial management and clerk are waited for by nothing here, and read none of it', async () => {
    await receive(3, 'JL-CC-CY');
    for (const who of [
      { ...tm, court: 'JL-CC-KC' },
      { ...clerk, court: 'JL-CC-KC' },
    ]) {
      expect(await waiting(who)).toEqual({});
      expect((await h.call('GET', '/v1/materials', { as: who })).body.items).toEqual([]);
    }
    // A reader without a court-wide right gets only what they received, hold or are named in.
    expect(
      (await h.call('GET', '/v1/materials', { as: { sub: 'judge-z', roles: ['case-handler'] } })).body.items,
    ).toEqual([]);
  });

  it('R-TR-2: pages follow the cursor, oldest first, each material once', async () => {
    const tmHere = { ...tm, court: 'JL-CC' };
    await receive(4, 'JL-CC');
    await receive(5, 'JL-CC');
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } =
        await h.call('GET', `/v1/materials?waitingFor=me&limit=1${cursor ? `&cursor=${cursor}` : ''}`, {
          as: tmHere,
        });
      expect(r.status).toBe(200);
      expect(r.body.items.length).toBeLessThanOrEqual(1);
      seen.push(...r.body.items.map((i) => i.id));
      cursor = r.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    const all = Object.keys(await waiting(tmHere));
    expect(seen).toEqual(all);
    expect(new Set(seen).size).toBe(seen.length);
    expect(all.length).toBe(2);
    expect(pages).toBe(all.length);
    expect([...seen].sort()).toEqual(seen);
  });

  it('R-NF-7: a bad waitingFor, cursor or limit is a bilingual problem+json naming the field', async () => {
    for (const [query, field] of [
      ['waitingFor=you', 'waitingFor'],
      ['cursor=abc', 'cursor'],
      ['limit=0', 'limit'],
      ['holder=me', ''],
    ] as const) {
      const r = await h.call('GET', `/v1/materials?${query}`, { as: tm });
      refusedCleanly(r, query);
      if (field) expect(JSON.stringify(r.body.errors)).toContain(field);
    }
  });
});
