import { describe, expect, it } from 'vitest';
import type { UserClaims } from '@jir/service-kit';
import {
  RECEIVING_CLERK as clerk,
  TRIAL_MANAGER as tm,
  TRANSFER_STEPS,
  filingBody,
  officialLetterBody,
  waitFor,
} from '@jir/testing';
import { intakeForThisFile } from './harness.js';

const h = intakeForThisFile();

const route = filingBody();
const receipt = officialLetterBody();

async function received() {
  const r = await h.call('POST', '/v1/materials', { as: clerk, body: receipt });
  expect(r.status).toBe(201);
  return r.body.id as string;
}

/** Passes the materials on one level, as `as`. */
const transfer = (id: string, as: Partial<UserClaims>, hop: string, to: string) =>
  h.call('POST', `/v1/materials/${id}/transfers`, { as, body: { hop, to } });

describe('receipt, registration and transfer (R-TR-1..4)', () => {
  it('R-TR-1: someone without the receiving function is refused, and the attempt is recorded', async () => {
    // A court of its own: the list must hold this attempt alone, whatever other tests refused.
    const court = 'JL-CC-MAT-REFUSED';
    const it1 = await h.call('POST', '/v1/materials', {
      as: { sub: 'it-1', division: 'it', roles: ['it-admin'], court },
      body: receipt,
    });
    expect(it1.status).toBe(403);
    expect(it1.body.code).toBe('not-an-authorised-receiver');
    const attempts = await h.call('GET', '/v1/refused-attempts', { as: { ...tm, court } });
    expect(attempts.body).toEqual([
      expect.objectContaining({
        actor: 'it-1',
        action: 'material.receive',
        code: 'not-an-authorised-receiver',
      }),
    ]);
    expect((await h.call('GET', '/v1/refused-attempts', { as: { ...clerk, court } })).status).toBe(403);
  });

  it('R-TR-4: a case handler does not accept materials directly; told to record them instead', async () => {
    const r = await h.call('POST', '/v1/materials', { body: receipt });
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('handler-may-not-receive');
    expect(r.body.message.zh).toContain('填写信息表');
  });

  it('R-TR-2, R-TR-3: registered by trial management, then passed level by level to the handler, each hop recorded', async () => {
    const id = await received();
    // Nothing passes before registration.
    expect((await transfer(id, clerk, 'trial-department', 'civil-clerk')).body.code).toBe('not-registered');
    expect((await h.call('POST', `/v1/materials/${id}/filing`, { as: clerk, body: route })).status).toBe(403);
    const filed = await h.call('POST', `/v1/materials/${id}/filing`, { as: tm, body: route });
    expect(filed.status).toBe(200);
    expect(filed.body.filingNumber).toMatch(/^备〔2026〕JL-CC-NG-/);
    expect(filed.body.nextHop).toBe('trial-department');

    for (const [as, hop, to] of TRANSFER_STEPS) {
      h.clock.advance(60_000);
      const r = await transfer(id, as, hop, to);
      expect(r.status, `${hop}: ${JSON.stringify(r.body)}`).toBe(200);
    }
    const done = await h.call('GET', `/v1/materials/${id}`, {
      as: { sub: 'judge-a', roles: ['case-handler'] },
    });
    expect(done.body.hops.map((x: { hop: string; from: string; to: string }) => `${x.from}→${x.to}`)).toEqual(
      ['tm-1→civil-clerk', 'civil-clerk→vp-1', 'vp-1→dh-1', 'dh-1→judge-a'],
    );
    expect(done.body.deliveredAt).not.toBeNull();
    expect(done.body.nextHop).toBeNull();
    // The handler's receipt is an event the deadline monitor starts the 2-day entry period from.
    await waitFor(async () => (await h.relay.backlog()) === 0 || undefined);
    const events = await h.publishedEvents();
    const last = events.filter((e) => e.subject === 'intake.material.transferred.v1').at(-1);
    expect(last?.event.data).toMatchObject({ materialId: id, hop: 'case-handler', to: 'judge-a' });
  });

  it('R-TR-3: skipping a level, the wrong recipient, or passing what one does not hold is refused and recorded', async () => {
    const id = await received();
    await h.call('POST', `/v1/materials/${id}/filing`, { as: tm, body: route });
    const skip = await transfer(id, tm, 'vice-president', 'vp-1');
    expect(skip.status).toBe(422);
    expect(skip.body.code).toBe('level-skipped');
    expect(skip.body.message.zh).toContain('不得越级');
    const straight = await transfer(id, tm, 'case-handler', 'judge-a');
    expect(straight.body.code).toBe('level-skipped');
    expect((await transfer(id, tm, 'trial-department', 'someone')).body.code).toBe('wrong-recipient');
    const notHolder = await transfer(
      id,
      { sub: 'vp-1', roles: ['vice-president'] },
      'trial-department',
      'civil-clerk',
    );
    expect(notHolder.body.code).toBe('not-the-holder');
    const attempts = (await h.call('GET', '/v1/refused-attempts', { as: tm })).body.filter(
      (a: { subjectId: string }) => a.subjectId === id,
    );
    expect(attempts.map((a: { code: string }) => a.code)).toEqual([
      'level-skipped',
      'level-skipped',
      'wrong-recipient',
      'not-the-holder',
    ]);
    // Nothing moved.
    expect((await h.call('GET', `/v1/materials/${id}`, { as: tm })).body.hops).toEqual([]);
  });

  it('R-AC-2: materials are not visible to people outside their path or court', async () => {
    const id = await received();
    expect(
      (await h.call('GET', `/v1/materials/${id}`, { as: { sub: 'judge-z', roles: ['case-handler'] } }))
        .status,
    ).toBe(404);
    expect((await h.call('GET', `/v1/materials/${id}`, { as: { ...tm, court: 'JL-CC-KC' } })).status).toBe(
      404,
    );
    expect((await h.call('GET', `/v1/materials/${id}`, { as: tm })).status).toBe(200);
  });
});

describe('exempt opinions (R-SC-4)', () => {
  const opinion = {
    caseNumber: '(2026)吉0102民初77号',
    source: 'trade-association-or-chamber',
    organisation: '长春市工商业联合会',
    commissionReference: '(2026)吉0102民初77号委托函',
    concernsStateOrPublicInterest: true,
    content: '关于行业惯例的参考意见',
    receivedAt: '2026-03-03T09:00:00+08:00',
  };

  it('R-SC-4: a commissioned opinion is filed to the main volume and stays out of the records', async () => {
    const before = await h.call('GET', '/v1/records?limit=200', {
      as: { sub: 'tm-1', division: 'tm', roles: ['trial-management'] },
    });
    const r = await h.call('POST', '/v1/exempt-opinions', { body: opinion });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ volume: 'main', commissionReference: '(2026)吉0102民初77号委托函' });
    const after = await h.call('GET', '/v1/records?limit=200', {
      as: { sub: 'tm-1', division: 'tm', roles: ['trial-management'] },
    });
    expect(after.body.items.length).toBe(before.body.items.length);
    expect(
      (await h.call('GET', '/v1/exempt-opinions', { as: tm })).body.map((o: { id: string }) => o.id),
    ).toContain(r.body.id);
  });

  it('R-SC-4: without the commission or permission reference it is refused, with the reason', async () => {
    const { commissionReference: _omit, ...noRef } = opinion;
    const r = await h.call('POST', '/v1/exempt-opinions', { body: noRef });
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('exemption-reference-required');
    expect(r.body.errors[0].path).toBe('commissionReference');
    expect(r.body.message.zh).toContain('文号');
    const company = await h.call('POST', '/v1/exempt-opinions', { body: { ...opinion, source: 'other' } });
    expect(company.body.code).toBe('exemption-not-applicable');
    const privateInterest = await h.call('POST', '/v1/exempt-opinions', {
      body: { ...opinion, concernsStateOrPublicInterest: false },
    });
    expect(privateInterest.body.code).toBe('exemption-not-applicable');
  });
});
