import { describe, expect, it } from 'vitest';
import { filingBody, officialLetterBody } from '@jir/testing';
import { intakeForThisFile, recordBody } from './harness.js';

const h = intakeForThisFile();

// A court of its own, so the directory loaded here binds nothing else in this database.
const COURT = 'JL-CC-DIR';
const tm = { sub: 'tm-1', court: COURT, division: 'tm', roles: ['trial-management'] };
const clerk = { sub: 'clerk-1', court: COURT, division: 'office', roles: ['receiving-clerk'] };
const STAFF = [
  { id: 'judge-a', name: '张三', division: 'civil-1', roles: ['case-handler'] },
  { id: 'clerk-b', name: '书记员乙', division: 'civil-1', roles: [] },
  { id: 'clerk-1', name: '收件员甲', division: 'office', roles: ['receiving-clerk'] },
  // Both receiving clerk and a handler: may not receive their own case's materials.
  { id: 'dual-1', name: '双岗丙', division: 'office', roles: ['receiving-clerk', 'case-handler'] },
  { id: 'tm-1', name: '审管丁', division: 'tm', roles: ['trial-management'] },
  { id: 'civil-clerk', name: '民一庭收文', division: 'civil-1', roles: [] },
  { id: 'vp-1', name: '分管副院长', division: 'leaders', roles: ['vice-president'] },
  { id: 'dh-1', name: '民一庭庭长', division: 'civil-1', roles: ['division-head'] },
];
const load = (staff: typeof STAFF, as = tm) => h.call('PUT', '/v1/staff', { as, body: { staff } });
const receipt = (caseNumber = '(2026)吉0102民初1234号') => officialLetterBody({ caseNumber });
const route = filingBody();
const meeting = (personsPresent: unknown[]) =>
  recordBody({ form: 'meeting', place: '办公室', personsPresent });

describe('the staff directory binds who may be named (R-RC-3, R-TR-1, R-TR-2)', () => {
  it('R-RC-3: before a directory is loaded ids are free text; after, an unknown person present is refused naming the field', async () => {
    // A court no other test loads a directory for: "before" holds in any order.
    const court = 'JL-CC-DIR-FIRST';
    const handler = { sub: 'judge-a', court, division: 'civil-1', roles: ['case-handler'] };
    const before = await h.call('POST', '/v1/records', {
      as: handler,
      body: meeting([{ staffId: 'nobody' }]),
    });
    expect(before.status).toBe(201);
    expect((await load(STAFF, { ...tm, court })).status).toBe(200);
    const r = await h.call('POST', '/v1/records', {
      as: handler,
      body: meeting([{ name: '律师某' }, { staffId: 'nobody' }]),
    });
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('staff-unknown');
    expect(r.body.errors[0].path).toBe('personsPresent.1.staffId');
    expect(r.body.message.zh).toContain('名录');
    const ok = await h.call('POST', '/v1/records', { as: handler, body: meeting([{ staffId: 'clerk-b' }]) });
    expect(ok.status).toBe(201);
    const amend = await h.call('POST', `/v1/records/${ok.body.id}/amendments`, {
      as: handler,
      body: { reason: '补充在场人员', changes: { personsPresent: [{ staffId: 'ghost' }] } },
    });
    expect(amend.body.errors[0]).toMatchObject({
      path: 'changes.personsPresent.0.staffId',
      code: 'staff-unknown',
    });
  });

  it('R-TR-1: the filing form names people holding each level’s role; refusals name the field and are recorded', async () => {
    await load(STAFF);
    const id = (await h.call('POST', '/v1/materials', { as: clerk, body: receipt() })).body.id;
    const notVp = await h.call('POST', `/v1/materials/${id}/filing`, {
      as: tm,
      body: { ...route, vicePresident: 'dh-1' },
    });
    expect(notVp.status).toBe(422);
    expect(notVp.body).toMatchObject({ code: 'staff-lacks-role', errors: [{ path: 'vicePresident' }] });
    const unknown = await h.call('POST', `/v1/materials/${id}/filing`, {
      as: tm,
      body: { ...route, divisionHead: 'dh-9' },
    });
    expect(unknown.body).toMatchObject({ code: 'staff-unknown', errors: [{ path: 'divisionHead' }] });
    const attempts = (await h.call('GET', '/v1/refused-attempts', { as: tm })).body as { code: string }[];
    expect(attempts.map((a) => a.code)).toEqual(
      expect.arrayContaining(['staff-lacks-role', 'staff-unknown']),
    );
    // R-TR-2: the hand-over from the receiving department to trial management is a recorded hop.
    const filed = await h.call('POST', `/v1/materials/${id}/filing`, { as: tm, body: route });
    expect(filed.status).toBe(200);
    expect(filed.body.handOver).toMatchObject({ from: 'clerk-1', to: 'tm-1' });
    expect(Date.parse(filed.body.handOver.at)).toBe(Date.parse(filed.body.registeredAt));
  });

  it('R-TR-1: a transfer recipient who has left the directory is refused, naming the field', async () => {
    await load(STAFF);
    const id = (await h.call('POST', '/v1/materials', { as: clerk, body: receipt('(2026)吉0102民初77号') }))
      .body.id;
    expect((await h.call('POST', `/v1/materials/${id}/filing`, { as: tm, body: route })).status).toBe(200);
    // The vice-president leaves after the form was filled.
    await load(STAFF.filter((s) => s.id !== 'vp-1'));
    const first = await h.call('POST', `/v1/materials/${id}/transfers`, {
      as: tm,
      body: { hop: 'trial-department', to: 'civil-clerk' },
    });
    expect(first.status).toBe(200);
    const gone = await h.call('POST', `/v1/materials/${id}/transfers`, {
      as: { sub: 'civil-clerk', court: COURT, division: 'civil-1', roles: [] },
      body: { hop: 'vice-president', to: 'vp-1' },
    });
    expect(gone.status).toBe(422);
    expect(gone.body).toMatchObject({ code: 'staff-unknown', errors: [{ path: 'to' }] });
  });

  it('R-AC-1 (Art 9): a directory without an active statistician is flagged to whoever loads it', async () => {
    const without = await load(STAFF);
    expect(without.body.flags).toEqual([expect.objectContaining({ code: 'no-statistician' })]);
    expect(without.body.flags[0].message.zh).toContain('统计');
    const withOne = await load([
      ...STAFF,
      { id: 'stat-1', name: '统计员', division: 'tm', roles: ['statistician'] },
    ]);
    expect(withOne.body.flags).toEqual([]);
  });

  it('R-TR-1: a dual-role user is refused receiving materials of their own case', async () => {
    await load(STAFF);
    const dual = {
      sub: 'dual-1',
      court: COURT,
      division: 'office',
      roles: ['receiving-clerk', 'case-handler'],
    };
    const own = await h.call('POST', '/v1/records', {
      as: dual,
      body: recordBody({ caseNumber: '(2026)吉0102民初555号', form: 'sms' }),
    });
    expect(own.status).toBe(201);
    const r = await h.call('POST', '/v1/materials', { as: dual, body: receipt('(2026)吉0102民初555号') });
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('receiver-is-handler');
    // Another case's materials they receive as any clerk.
    expect(
      (await h.call('POST', '/v1/materials', { as: dual, body: receipt('(2026)吉0102民初556号') })).status,
    ).toBe(201);
    // And the filing form cannot route materials to the clerk who received them.
    const other = (
      await h.call('POST', '/v1/materials', { as: dual, body: receipt('(2026)吉0102民初557号') })
    ).body.id;
    const self = await h.call('POST', `/v1/materials/${other}/filing`, {
      as: tm,
      body: { ...route, handler: 'dual-1' },
    });
    expect(self.body).toMatchObject({ code: 'receiver-is-handler', errors: [{ path: 'handler' }] });
  });
});
