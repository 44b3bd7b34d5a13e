import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECEIVING_CLERK as clerk, TRIAL_MANAGER as tm, filingBody } from '@jir/testing';
import { intakeHarness, type IntakeHarness } from './harness.js';

let h: IntakeHarness;
beforeAll(async () => {
  h = await intakeHarness();
});
afterAll(async () => {
  await h.close();
});

/** Received by the clerk; registered by trial management unless told otherwise. */
async function materials(caseNumber: string, register: boolean) {
  const id = (
    await h.call('POST', '/v1/materials', {
      as: clerk,
      body: {
        caseNumber,
        description: '某局转来的函件',
        sender: { name: '钱某', unit: '某市某局', position: '局长' },
        form: 'letter',
        receivedAt: '2026-03-03T09:00:00+08:00',
      },
    })
  ).body.id as string;
  if (register) {
    const filed = await h.call('POST', `/v1/materials/${id}/filing`, { as: tm, body: filingBody() });
    expect(filed.status, JSON.stringify(filed.body)).toBe(200);
  }
  return id;
}

const reads = (id: string) =>
  h.db
    .selectFrom('audit_entries')
    .select(['court', 'actor', 'action', 'data'])
    .where('subject_id', '=', id)
    .where('action', '=', 'material.filing-form.read')
    .orderBy('seq')
    .execute();

describe('printing the filing form is a recorded read (Art 7, R-AC-3)', () => {
  it('R-AC-3: each print of filing-form.pdf records who printed it, with roles and address, like the record’s form.pdf', async () => {
    const id = await materials('(2026)吉0102民初7101号', true);
    const first = await h.call('GET', `/v1/materials/${id}/filing-form.pdf`, { as: clerk });
    expect(first.status).toBe(200);
    const second = await h.call('GET', `/v1/materials/${id}/filing-form.pdf`, { as: tm });
    expect(second.status).toBe(200);
    const logged = await reads(id);
    expect(logged.map((e) => [e.court, e.actor, e.action])).toEqual([
      ['JL-CC-NG', 'clerk-1', 'material.filing-form.read'],
      ['JL-CC-NG', 'tm-1', 'material.filing-form.read'],
    ]);
    expect(logged[0]!.data).toMatchObject({ roles: ['receiving-clerk'] });
    expect(typeof (logged[0]!.data as { address: unknown }).address).toBe('string');
  });

  it('R-AC-3, R-AC-2: a refused print (another court, or materials not yet registered) records no read', async () => {
    const registered = await materials('(2026)吉0102民初7102号', true);
    const outside = await h.call('GET', `/v1/materials/${registered}/filing-form.pdf`, {
      as: { ...tm, court: 'JL-CC-KC' },
    });
    expect(outside.status).toBe(404);
    expect(await reads(registered)).toEqual([]);
    const unregistered = await materials('(2026)吉0102民初7103号', false);
    const early = await h.call('GET', `/v1/materials/${unregistered}/filing-form.pdf`, { as: clerk });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('not-registered');
    expect(await reads(unregistered)).toEqual([]);
  });
});
