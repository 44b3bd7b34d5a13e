import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildEvent,
  obligationBreached,
  obligationCreated,
  obligationMet,
  recordEntered,
} from '@jir/contracts';
import { waitFor } from '@jir/testing';
import { snapshotDigest, verifyDigest } from '../src/reports/report-signing.js';
import { obligationEvents, recordEvents, reportingHarness, type ReportingHarness } from './harness.js';

let h: ReportingHarness;
const tmCity = { sub: 'tm-city', court: 'JL-CC', roles: ['trial-management'] };

/** The deadline monitor's report duty of a court for a quarter, and its outcome. */
function reportDuty(court: string, recipient: string, outcome: 'late' | 'breached' | 'on-time') {
  const data = {
    obligationId: `qr:${court}:${recipient}`,
    kind: 'quarterly-report' as const,
    subjectId: `${court}:2026-Q1`,
    dueAt: '2026-04-14T16:00:00Z',
    dueDate: '2026-04-14',
  };
  const m = {
    court,
    aggregateId: data.obligationId,
    actor: { sub: 'deadline-monitor', kind: 'service' as const },
  };
  const out = [[obligationCreated, buildEvent(obligationCreated, { ...m, data })]] as [
    typeof obligationCreated | typeof obligationMet | typeof obligationBreached,
    ReturnType<typeof buildEvent>,
  ][];
  if (outcome === 'breached')
    out.push([
      obligationBreached,
      buildEvent(obligationBreached, { ...m, data: { ...data, breachedAt: data.dueAt } }),
    ]);
  else
    out.push([
      obligationMet,
      buildEvent(obligationMet, {
        ...m,
        data: { ...data, metAt: '2026-04-14T10:00:00Z', lateByMs: outcome === 'late' ? 3_600_000 : 0 },
      }),
    ]);
  return out;
}

beforeAll(async () => {
  h = await reportingHarness();
  let n = 0;
  const a = crypto.randomUUID();
  const b = crypto.randomUUID();
  const k = crypto.randomUUID();
  await h.publish(recordEntered, recordEvents(a));
  await h.publish(recordEntered, recordEvents(b));
  await h.publish(recordEntered, recordEvents(k, { court: 'JL-CC-KC', handler: 'judge-k' }));
  n += 3;
  for (const [def, e] of [
    ...obligationEvents(a, 'entry', { metLateByMs: 0 }),
    ...obligationEvents(b, 'entry', { breached: true }),
    ...obligationEvents(k, 'entry', { metLateByMs: 0 }, 'JL-CC-KC'),
    ...reportDuty('JL-CC-NG', 'JL-CC', 'late'),
    ...reportDuty('JL-CC-KC', 'JL-CC', 'breached'),
  ]) {
    await h.publish(def, e);
    n++;
  }
  await h.applied(n);
}, 60_000);
afterAll(async () => {
  await h?.close();
});

describe('compliance of lower courts (R-RP-5)', () => {
  it('R-RP-5: per lower court, reports on time or late, records entered on time and breaches, from the deadline monitor', async () => {
    const r = await h.call('GET', '/v1/report-compliance?court=JL-CC&quarter=2026-Q1', { as: tmCity });
    expect(r.status).toBe(200);
    const byCourt = Object.fromEntries(r.body.courts.map((c: { court: string }) => [c.court, c]));
    expect(Object.keys(byCourt)).toHaveLength(11);
    expect(byCourt['JL-CC-NG']).toMatchObject({
      name: '长春市南关区人民法院',
      reports: { onTime: 0, late: 1, missing: 0, pending: 0 },
      records: { total: 2, entry: { onTime: 1, late: 0, missing: 1, pending: 0 } },
      breaches: { records: 1, reports: 0 },
    });
    expect(byCourt['JL-CC-KC']).toMatchObject({
      reports: { late: 0, missing: 1 },
      records: { total: 1, entry: { onTime: 1 } },
      breaches: { records: 0, reports: 1 },
    });
    expect(byCourt['JL-CC-CY']).toMatchObject({
      records: { total: 0 },
      breaches: { records: 0, reports: 0 },
    });
  });

  it('R-RP-5: a basic court sees no other court’s compliance; a case handler cannot circulate', async () => {
    const basic = await h.call('GET', '/v1/report-compliance?court=JL-CC&quarter=2026-Q1');
    expect(basic.status).toBe(403);
    const handler = await h.call('POST', '/v1/compliance/circulars', {
      as: { sub: 'judge', court: 'JL-CC', roles: ['case-handler'] },
      body: { court: 'JL-CC', quarter: '2026-Q1' },
    });
    expect(handler.status).toBe(403);
  });

  it('R-RP-5: trial management circulates (通报) it as a signed document delivered to every lower court’s inbox', async () => {
    const c = await h.call('POST', '/v1/compliance/circulars', {
      as: tmCity,
      body: { court: 'JL-CC', quarter: '2026-Q1', note: '南关区报告逾期，宽城区未报送' },
    });
    expect(c.status).toBe(201);
    const { digest, signature, keyId: _k, ...document } = c.body;
    expect(snapshotDigest(document)).toBe(digest);
    expect(verifyDigest(h.service.parts.key.publicKey, digest, signature)).toBe(true);
    await waitFor(
      async () => {
        const inbox = await h.call('GET', '/v1/inbox?kind=compliance-circular', {
          as: { sub: 'tm-ng', court: 'JL-CC-NG', roles: ['trial-management'] },
        });
        return inbox.body.items.length === 1 ? inbox.body.items[0] : undefined;
      },
      { what: 'the circular in Nanguan’s inbox' },
    );
    const stored = await h.db.selectFrom('circulars').selectAll().execute();
    expect(stored).toHaveLength(1);
    await expect(h.db.deleteFrom('circulars').execute()).rejects.toThrow(/never changes/);
  });
});
