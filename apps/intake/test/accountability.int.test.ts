import { describe, expect, it } from 'vitest';
import { TRIAL_MANAGER as tm } from '@jir/testing';
import { intakeForThisFile, recordBody } from './harness.js';

const h = intakeForThisFile();

/** The cadre a record names by default, with what the test changes. */
const cadre = (over: Record<string, unknown> = {}) => ({ ...recordBody().interferer, ...over });

describe('one identity per interfering person (R-BX-2)', () => {
  it('R-BX-2: the same person, however typed, is one identity across records and courts', async () => {
    const a = await h.call('POST', '/v1/records', { body: recordBody({ interferer: cadre() }) });
    const b = await h.call('POST', '/v1/records', {
      body: recordBody({ interferer: cadre({ name: '王 某', unit: '某市某局 ', position: '局长' }) }),
      as: { sub: 'judge-b' },
    });
    const c = await h.call('POST', '/v1/records', {
      // Entered: other courts' drafts are not counted (R-AC-2).
      body: recordBody({ interferer: cadre(), enter: true }),
      as: { sub: 'judge-k', court: 'JL-CC-KC' },
    });
    const other = await h.call('POST', '/v1/records', {
      body: recordBody({ interferer: cadre({ name: '李某' }) }),
    });
    expect(a.body.interfererIdentityId).toBeTruthy();
    expect(b.body.interfererIdentityId).toBe(a.body.interfererIdentityId);
    expect(c.body.interfererIdentityId).toBe(a.body.interfererIdentityId);
    expect(other.body.interfererIdentityId).not.toBe(a.body.interfererIdentityId);

    const seen = await h.call('GET', `/v1/interferer-identities/${a.body.interfererIdentityId}`, { as: tm });
    expect(seen.body.records.map((r: { id: string }) => r.id).sort()).toEqual([a.body.id, b.body.id].sort());
    // Another court's records are counted, not shown.
    expect(seen.body.otherCourts).toEqual([{ court: 'JL-CC-KC', records: 1 }]);
    const list = await h.call('GET', '/v1/interferer-identities?q=王', { as: tm });
    expect(list.body[0]).toMatchObject({ id: a.body.interfererIdentityId, records: 2 });
    expect((await h.call('GET', '/v1/interferer-identities')).status).toBe(403);
  });

  it('R-BX-2: trial management merges a promoted cadre’s two identities and splits off a namesake', async () => {
    const before = await h.call('POST', '/v1/records', {
      body: recordBody({ interferer: cadre({ name: '赵某', position: '副局长' }) }),
    });
    const after = await h.call('POST', '/v1/records', {
      body: recordBody({ interferer: cadre({ name: '赵某', position: '局长' }) }),
    });
    expect(before.body.interfererIdentityId).not.toBe(after.body.interfererIdentityId);
    expect(
      (
        await h.call('POST', `/v1/interferer-identities/${before.body.interfererIdentityId}/merge`, {
          body: { into: after.body.interfererIdentityId, reason: '同一人，已升任局长' },
        })
      ).status,
    ).toBe(403);
    const merged = await h.call(
      'POST',
      `/v1/interferer-identities/${before.body.interfererIdentityId}/merge`,
      { as: tm, body: { into: after.body.interfererIdentityId, reason: '同一人，已升任局长' } },
    );
    expect(merged.status).toBe(200);
    expect(merged.body.records.map((r: { id: string }) => r.id).sort()).toEqual(
      [before.body.id, after.body.id].sort(),
    );
    // New records under the old title now land on the merged identity.
    const later = await h.call('POST', '/v1/records', {
      body: recordBody({ interferer: cadre({ name: '赵某', position: '副局长' }) }),
    });
    expect(later.body.interfererIdentityId).toBe(after.body.interfererIdentityId);

    const split = await h.call('POST', `/v1/records/${later.body.id}/identity`, {
      as: tm,
      body: { reason: '同名不同人' },
    });
    expect(split.status).toBe(200);
    expect(split.body.id).not.toBe(after.body.interfererIdentityId);
    expect(split.body.records.map((r: { id: string }) => r.id)).toEqual([later.body.id]);
  });
});

describe('accountability ledger (R-AB-1)', () => {
  it('R-AB-1: first violation warning and circulated criticism, then Art 54; a superior who instructed it, Art 76', async () => {
    const post = (body: Record<string, unknown>, as: Record<string, unknown> = tm) =>
      h.call('POST', '/v1/accountability-entries', { as, body });
    const first = await post({
      staff: 'judge-x',
      kind: 'failure-to-record',
      description: '未记录某局长来电',
      evidence: [{ type: 'breach', reference: 'obligation 42 (entry, due 2026-03-05)' }],
    });
    expect(first.status).toBe(201);
    expect(first.body.suggestion).toMatchObject({
      article: null,
      measures: [
        { code: 'warning', zh: '警告' },
        { code: 'circulated-criticism', zh: '通报批评' },
      ],
    });
    const second = await post({
      staff: 'judge-x',
      kind: 'untruthful-record',
      description: '记录内容与录音不符',
    });
    expect(second.body.priorViolations).toBe(1);
    expect(second.body.suggestion).toMatchObject({ article: 54, regulation: '《人民法院工作人员处分条例》' });
    const boss = await post({ staff: 'dh-x', kind: 'instructed-by-supervisor', description: '授意不予记录' });
    expect(boss.body.suggestion.article).toBe(76);
    // Trial management and discipline inspection record findings by default (configuration, R-AB-1);
    // the statistician does not; auditors read the ledger; handlers see nothing.
    expect(
      (
        await post(
          { staff: 'judge-y', kind: 'failure-to-record', description: 'x' },
          { sub: 'st-1', division: 'tm', roles: ['statistician'] },
        )
      ).status,
    ).toBe(403);
    const ledger = await h.call('GET', '/v1/accountability-entries?staff=judge-x', {
      as: { sub: 'au-1', division: 'discipline', roles: ['auditor'] },
    });
    expect(ledger.body.map((e: { kind: string }) => e.kind)).toEqual([
      'failure-to-record',
      'untruthful-record',
    ]);
    expect((await h.call('GET', '/v1/accountability-entries')).status).toBe(403);
  });
});

describe('retaliation complaints (R-AB-2)', () => {
  it('R-AB-2: a complaint goes to the court one level up; only its designated staff and the complainant see it', async () => {
    const filed = await h.call('POST', '/v1/complaints', {
      as: { sub: 'judge-a', roles: ['case-handler'] },
      body: { against: '某局长', description: '因如实记录其过问，在年度考评中被打低分' },
    });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({
      fromCourt: 'JL-CC-NG',
      receivingCourt: 'JL-CC',
      committee: 'PLC:JL-CC',
    });
    // Discipline inspection handles complaints by default (R-AB-2), not the statistician.
    const designated = { sub: 'au-cc', court: 'JL-CC', division: 'discipline', roles: ['auditor'] };
    expect(
      (await h.call('GET', '/v1/complaints', { as: designated })).body.map((c: { id: string }) => c.id),
    ).toEqual([filed.body.id]);
    // Not the complainant's own court's management, not another intermediate court, not a non-designated colleague.
    expect(
      (
        await h.call('GET', `/v1/complaints/${filed.body.id}`, {
          as: { sub: 'tm-1', roles: ['trial-management', 'statistician'] },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await h.call('GET', `/v1/complaints/${filed.body.id}`, {
          as: { sub: 'tm-cc', court: 'JL-CC', roles: ['trial-management'] },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await h.call('GET', `/v1/complaints/${filed.body.id}`, {
          as: { sub: 'st-cc', court: 'JL-CC', roles: ['statistician'] },
        })
      ).status,
    ).toBe(404);
    expect((await h.call('GET', `/v1/complaints/${filed.body.id}`)).status).toBe(200);

    const reported = await h.call('POST', `/v1/complaints/${filed.body.id}/actions`, {
      as: designated,
      body: { action: 'reported-to-committee', note: '已报长春市委政法委' },
    });
    expect(reported.body.actions).toEqual([
      expect.objectContaining({ action: 'reported-to-committee', by: 'au-cc' }),
    ]);
    expect(
      (
        await h.call('POST', `/v1/complaints/${filed.body.id}/actions`, {
          body: { action: 'escalated-to-spc', note: 'x' },
        })
      ).status,
    ).toBe(403);
  });
});
