import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intakeHarness, type IntakeHarness } from './harness.js';

let h: IntakeHarness;
let configured: IntakeHarness;
beforeAll(async () => {
  h = await intakeHarness();
  // A deployment where only discipline inspection records findings and trial management handles complaints.
  configured = await intakeHarness({
    LEDGER_FINDER_ROLES: 'auditor',
    COMPLAINT_HANDLER_ROLES: 'trial-management',
    COMPLAINT_REPORT_DAYS: '3',
  });
});
afterAll(async () => {
  await h?.close();
  await configured?.close();
});

const finding = (staff: string, kind = 'failure-to-record') => ({
  staff,
  kind,
  description: '未按规定记录外部领导干部过问情况',
});

describe('the ledger counts a person across the city’s courts; who records is configuration (Art 11, R-AB-1)', () => {
  it('R-AB-1: a second violation found in another court of the city suggests a sanction under Art 54', async () => {
    const first = await h.call('POST', '/v1/accountability-entries', {
      as: { sub: 'tm-ng', roles: ['trial-management'] },
      body: finding('judge-moved'),
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ priorViolations: 0, suggestion: { article: null } });
    // The handler moved to Kuancheng; its discipline inspection records the next finding.
    const second = await h.call('POST', '/v1/accountability-entries', {
      as: { sub: 'au-kc', court: 'JL-CC-KC', roles: ['auditor'] },
      body: finding('judge-moved', 'untruthful-record'),
    });
    expect(second.status).toBe(201);
    expect(second.body.priorViolations).toBe(1);
    expect(second.body.suggestion.article).toBe(54);
    expect(second.body.suggestion.measures.map((m: { code: string }) => m.code)).toEqual([
      'disciplinary-sanction',
    ]);
    // Each court's ledger still shows only its own findings.
    const ng = await h.call('GET', '/v1/accountability-entries?staff=judge-moved', {
      as: { sub: 'tm-ng', roles: ['trial-management'] },
    });
    expect(ng.body.map((e: { id: string }) => e.id)).toEqual([first.body.id]);
  });

  it('R-AB-1: by default trial management and discipline inspection record findings, the statistician does not', async () => {
    const by = (roles: string[]) =>
      h.call('POST', '/v1/accountability-entries', { as: { sub: 'x', roles }, body: finding('judge-d') });
    expect((await by(['auditor'])).status).toBe(201);
    expect((await by(['trial-management'])).status).toBe(201);
    const refused = await by(['statistician']);
    expect(refused.status).toBe(403);
    expect(refused.type).toContain('application/problem+json');
  });

  it('R-AB-1: configured to discipline inspection alone, trial management is refused and inspection records', async () => {
    const by = (roles: string[]) =>
      configured.call('POST', '/v1/accountability-entries', {
        as: { sub: 'x', roles },
        body: finding('judge-e'),
      });
    expect((await by(['trial-management'])).status).toBe(403);
    expect((await by(['auditor'])).status).toBe(201);
    // Reading the ledger is unchanged.
    expect(
      (
        await configured.call('GET', '/v1/accountability-entries', {
          as: { sub: 'tm', roles: ['trial-management'] },
        })
      ).status,
    ).toBe(200);
  });
});

describe('complaints go up level by level with a tracked period, to a configurable handler (Art 12, R-AB-2)', () => {
  const complainant = { sub: 'judge-c', roles: ['case-handler'] };
  const cc = { sub: 'au-cc', court: 'JL-CC', division: 'discipline', roles: ['auditor'] };
  const high = (court: string) => ({ sub: 'au-high', court, division: 'discipline', roles: ['auditor'] });

  it('R-AB-2: escalated one level at a time; each level has its period to report; the lower court reads but no longer acts', async () => {
    const filed = await h.call('POST', '/v1/complaints', {
      as: complainant,
      body: { against: '某区长', description: '因如实记录其过问，被调离审判岗位' },
    });
    expect(filed.status).toBe(201);
    expect(filed.body.holdingCourt).toBe('JL-CC');
    expect(filed.body.levels).toEqual([
      expect.objectContaining({
        level: 1,
        court: 'JL-CC',
        committee: 'PLC:JL-CC',
        reportedAt: null,
        report: 'pending',
      }),
    ]);
    // 2026-03-03 (Tuesday) + 5 days: Sunday 8 March is a rest day, so the end of Monday 9 March.
    expect(filed.body.levels[0].reportDueAt).toBe('2026-03-09T15:59:59.999Z');

    const skip = await h.call('POST', `/v1/complaints/${filed.body.id}/actions`, {
      as: cc,
      body: { action: 'escalated-to-spc', note: '直接报最高法院' },
    });
    expect(skip.status).toBe(422);
    expect(skip.body.code).toBe('escalate-level-by-level');
    expect(skip.body.message.zh).toContain('逐级');

    const reported = await h.call('POST', `/v1/complaints/${filed.body.id}/actions`, {
      as: cc,
      body: { action: 'reported-to-committee', note: '已报长春市委政法委' },
    });
    expect(reported.body.levels[0]).toMatchObject({ report: 'on-time', reportedAt: expect.any(String) });

    const up = await h.call('POST', `/v1/complaints/${filed.body.id}/actions`, {
      as: cc,
      body: { action: 'escalated', note: '情节严重，层报上级法院' },
    });
    expect(up.status).toBe(200);
    const next = up.body.holdingCourt as string;
    expect(next).not.toBe('JL-CC');
    expect(up.body.levels.map((l: { court: string }) => l.court)).toEqual(['JL-CC', next]);
    expect(up.body.levels[1]).toMatchObject({ level: 2, report: 'pending', reportedAt: null });

    // The intermediate court keeps reading it but the court above now holds it.
    expect((await h.call('GET', `/v1/complaints/${filed.body.id}`, { as: cc })).status).toBe(200);
    const again = await h.call('POST', `/v1/complaints/${filed.body.id}/actions`, {
      as: cc,
      body: { action: 'escalated', note: '再次上报' },
    });
    expect(again.status).toBe(403);
    const listed = await h.call('GET', '/v1/complaints', { as: high(next) });
    expect(listed.body.map((c: { id: string }) => c.id)).toContain(filed.body.id);

    // Past its period unreported, the level above shows the report as missing.
    h.clock.advance(10 * 24 * 3600_000);
    const late = await h.call('GET', `/v1/complaints/${filed.body.id}`, { as: high(next) });
    expect(late.body.levels[1].report).toBe('missing');
    const reportedLate = await h.call('POST', `/v1/complaints/${filed.body.id}/actions`, {
      as: high(next),
      body: { action: 'reported-to-committee', note: '已报省委政法委' },
    });
    expect(reportedLate.body.levels[1].report).toBe('late');
    expect(reportedLate.body.levels[0].report).toBe('on-time');
  });

  it('R-AB-2: up to the Supreme People’s Court and no further', async () => {
    const filed = await h.call('POST', '/v1/complaints', {
      as: complainant,
      body: { against: '某局长', description: '考评中被打低分' },
    });
    let c = filed.body;
    for (let i = 0; i < 5; i++) {
      const r = await h.call('POST', `/v1/complaints/${c.id}/actions`, {
        as: high(c.holdingCourt),
        body: { action: 'escalated', note: `第${i + 1}次层报` },
      });
      if (r.status === 422) {
        expect(r.body.code).toBe('already-at-spc');
        break;
      }
      expect(r.status).toBe(200);
      c = r.body;
    }
    const courts = c.levels.map((l: { court: string }) => l.court);
    expect(courts[0]).toBe('JL-CC');
    expect(courts.length).toBeGreaterThanOrEqual(3);
    expect(new Set(courts).size).toBe(courts.length);
  });

  it('R-AB-2: configured handlers (trial management) act; discipline inspection then does not; the period is configured too', async () => {
    const filed = await configured.call('POST', '/v1/complaints', {
      as: complainant,
      body: { against: '某主任', description: '被取消评优资格' },
    });
    // 2026-03-03 + 3 days: Friday 6 March.
    expect(filed.body.levels[0].reportDueAt).toBe('2026-03-06T15:59:59.999Z');
    const tmCc = { sub: 'tm-cc', court: 'JL-CC', roles: ['trial-management'] };
    expect((await configured.call('GET', `/v1/complaints/${filed.body.id}`, { as: cc })).status).toBe(404);
    const ok = await configured.call('POST', `/v1/complaints/${filed.body.id}/actions`, {
      as: tmCc,
      body: { action: 'reported-to-committee', note: '已报' },
    });
    expect(ok.status).toBe(200);
  });
});
