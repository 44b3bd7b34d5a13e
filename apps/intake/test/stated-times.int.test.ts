import { describe, expect, it } from 'vitest';
import { RECEIVING_CLERK as clerk, TRIAL_MANAGER as tm } from '@jir/testing';
import { intakeForThisFile, NOW, recordBody } from './harness.js';

const h = intakeForThisFile();

const inSeconds = (s: number) => new Date(Date.parse(NOW) + s * 1000).toISOString();
const count = async () => (await h.call('GET', '/v1/records?limit=200', { as: tm })).body.items.length;

describe('times in the future are refused (R-RC-4)', () => {
  it('R-RC-4: a receipt 7 days in the future is refused naming the field, and nothing is stored', async () => {
    const before = await count();
    const r = await h.call('POST', '/v1/records', {
      body: recordBody({ receivedAt: inSeconds(7 * 86_400), enter: true }),
    });
    expect(r.status).toBe(422);
    expect(r.type).toContain('application/problem+json');
    expect(r.body.errors).toEqual([expect.objectContaining({ path: 'receivedAt', code: 'in-the-future' })]);
    expect(r.body.message.zh).toContain('当前时间');
    expect(r.body.message.en).toContain('future');
    expect(await count()).toBe(before);
  });

  it('R-RC-4: the clock-skew allowance (300 s by default) accepts a few seconds ahead, not more', async () => {
    const near = await h.call('POST', '/v1/records', {
      body: recordBody({ receivedAt: inSeconds(200), communicatedAt: inSeconds(100) }),
    });
    expect(near.status).toBe(201);
    const far = await h.call('POST', '/v1/records', {
      body: recordBody({ receivedAt: inSeconds(400), communicatedAt: inSeconds(350) }),
    });
    expect(far.status).toBe(422);
    expect(far.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'communicatedAt',
      'receivedAt',
    ]);
  });

  it('R-RC-4, R-RC-6: year 0 and year 9999 are refused as nonsense by field, before anything else', async () => {
    for (const receivedAt of ['0000-03-03T10:00:00+08:00', '9999-03-03T10:00:00+08:00']) {
      const r = await h.call('POST', '/v1/records', {
        body: recordBody({ receivedAt, communicatedAt: '2014-01-01T00:00:00Z' }),
      });
      expect(r.status).toBe(422);
      expect(r.body.errors.map((e: { path: string }) => e.path)).toEqual(
        expect.arrayContaining(['receivedAt', 'communicatedAt']),
      );
    }
  });

  it('R-RC-4: an amendment cannot move a receipt into the future', async () => {
    const created = await h.call('POST', '/v1/records', { body: recordBody() });
    expect(created.status).toBe(201);
    const r = await h.call('POST', `/v1/records/${created.body.id}/amendments`, {
      body: { reason: '更正收到时间', changes: { receivedAt: inSeconds(86_400) } },
    });
    expect(r.status).toBe(422);
    expect(r.body.errors[0]).toMatchObject({ path: 'changes.receivedAt', code: 'in-the-future' });
    expect((await h.call('GET', `/v1/records/${created.body.id}`)).body.revision).toBe(1);
  });

  it('R-RC-4, R-TR-1: materials and exempt opinions cannot be received in the future either', async () => {
    const m = await h.call('POST', '/v1/materials', {
      as: clerk,
      body: {
        caseNumber: '(2026)吉0102民初1234号',
        description: '某局转来的函件一份',
        sender: { name: '王某', unit: '某市某局', position: '局长' },
        form: 'official-letter',
        receivedAt: inSeconds(3600),
      },
    });
    expect(m.status).toBe(422);
    expect(m.body.errors[0]).toMatchObject({ path: 'receivedAt', code: 'in-the-future' });
    const o = await h.call('POST', '/v1/exempt-opinions', {
      body: {
        caseNumber: '(2026)吉0102民初1234号',
        source: 'trade-association-or-chamber',
        organisation: '长春市工商业联合会',
        commissionReference: '(2026)吉0102民初77号委托函',
        concernsStateOrPublicInterest: true,
        content: '关于行业惯例的参考意见',
        receivedAt: inSeconds(3600),
      },
    });
    expect(o.status).toBe(422);
    expect(o.body.errors[0]).toMatchObject({ path: 'receivedAt', code: 'in-the-future' });
  });
});
