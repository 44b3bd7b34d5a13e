import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAmended, recordEntered, sampleVerified } from '@jir/contracts';
import { snapshotDigest, verifyDigest } from '../src/reports/report-signing.js';
import {
  amendment,
  obligationEvents,
  recordEvents,
  reportingHarness,
  verificationEvent,
  type ReportingHarness,
} from './harness.js';

let h: ReportingHarness;
const ids = {
  a: crypto.randomUUID(),
  b: crypto.randomUUID(),
  c: crypto.randomUUID(),
  other: crypto.randomUUID(),
};

beforeAll(async () => {
  h = await reportingHarness();
  let n = 0;
  const send = async (...args: Parameters<ReportingHarness['publish']>) => {
    await h.publish(...args);
    n++;
  };
  // a: SR07 by the same cadre as c; wechat; January. b: telephone, February, no division. c: SR01+SR07, March.
  await send(
    recordEntered,
    recordEvents(ids.a, {
      form: 'wechat',
      specialItems: ['SR07'],
      identity: 'id-wang',
      receivedAt: '2026-01-20T10:00:00+08:00',
    }),
  );
  await send(recordEntered, recordEvents(ids.b, { division: null, handler: 'judge-b', interferer: null }));
  await send(
    recordEntered,
    recordEvents(ids.c, {
      specialItems: ['SR01', 'SR07'],
      identity: 'id-wang',
      receivedAt: '2026-03-05T10:00:00+08:00',
    }),
  );
  // Another court's record of the same cadre, and of the same quarter: not counted, but the identity recurs across courts.
  await send(
    recordEntered,
    recordEvents(ids.other, { court: 'JL-CC-KC', identity: 'id-wang', handler: 'judge-k' }),
  );
  for (const [def, e] of [
    ...obligationEvents(ids.a, 'entry', { metLateByMs: 0 }),
    ...obligationEvents(ids.b, 'entry', { breached: true, metLateByMs: 3_600_000 }),
    ...obligationEvents(ids.c, 'entry', { breached: true }),
    ...obligationEvents(ids.a, 'copy', null),
  ])
    await send(def, e);
  await send(sampleVerified, verificationEvent(ids.a, 'confirmed'));
  await send(sampleVerified, verificationEvent(ids.c, 'disputed'));
  await h.applied(n);
});
afterAll(() => h.close());

const line = (xs: { code: string; count: number }[], code: string) => xs.find((x) => x.code === code)?.count;

describe('quarterly report (R-RP-1)', () => {
  it('R-RP-1: counts by special item, kind, unit type, form, stage, division and month, with Chinese labels and deadline-monitor timeliness', async () => {
    const r = await h.call('POST', '/v1/reports/quarterly', {
      body: { court: 'JL-CC-NG', quarter: '2026-Q1' },
    });
    expect(r.status).toBe(201);
    const t = r.body.totals;
    expect(t.records).toBe(3);
    expect(line(t.bySpecialItem, 'SR07')).toBe(2);
    expect(line(t.bySpecialItem, 'SR01')).toBe(1);
    expect(line(t.byForm, 'wechat')).toBe(1);
    expect(line(t.byForm, 'telephone')).toBe(2);
    expect(t.byForm.find((x: { code: string }) => x.code === 'telephone').label).toBe('电话');
    expect(line(t.byInterfererKind, 'leading-cadre')).toBe(3);
    expect(line(t.byDivision, 'civil-1')).toBe(2);
    expect(line(t.byDivision, '')).toBe(1);
    expect(t.byMonth).toEqual([
      { month: '2026-01', count: 1 },
      { month: '2026-02', count: 1 },
      { month: '2026-03', count: 1 },
    ]);
    // a on time; b breached then met late: late; c breached, unmet: missing; a's copy: pending.
    expect(t.timeliness.entry).toEqual({ onTime: 1, late: 1, missing: 1, pending: 0 });
    expect(t.timeliness.copy).toEqual({ onTime: 0, late: 0, missing: 0, pending: 1 });
    expect(r.body.provisional).toBe(false);
    expect(r.body.sampleVerification).toEqual({ confirmed: 1, disputed: 1 });
  });

  it('R-RP-1: the special items list names each record with its case number and interferer; identities recurring across courts are listed (R-BX-2)', async () => {
    const r = await h.call('POST', '/v1/reports/quarterly', {
      body: { court: 'JL-CC-NG', quarter: '2026-Q1' },
    });
    const sr07 = r.body.specialItems.find((s: { code: string }) => s.code === 'SR07');
    expect(sr07.records.map((x: { recordId: string }) => x.recordId)).toEqual([ids.a, ids.c]);
    expect(sr07.records[0].interferer).toEqual({ name: '王某', unit: '某市某局', position: '局长' });
    expect(sr07.label).toContain('查封');
    expect(r.body.identities).toEqual([
      { identityId: 'id-wang', name: '王某', records: 3, courts: ['JL-CC-KC', 'JL-CC-NG'] },
    ]);
  });

  it('R-RP-2: a basic court’s report goes to its committee and up to the intermediate court, from recipients()', async () => {
    const r = await h.call('POST', '/v1/reports/quarterly', {
      body: { court: 'JL-CC-NG', quarter: '2026-Q1' },
    });
    expect(r.body.recipients.map((x: { kind: string; code: string }) => `${x.kind}:${x.code}`)).toEqual([
      'committee:PLC:JL-CC-NG',
      'court:JL-CC',
    ]);
  });

  it('R-RP-1: a quarter with nothing recorded is a zero report, not an error', async () => {
    const r = await h.call('POST', '/v1/reports/quarterly', {
      body: { court: 'JL-CC-NG', quarter: '2025-Q3' },
    });
    expect(r.status).toBe(201);
    expect(r.body.totals.records).toBe(0);
    expect(r.body.totals.byMonth.map((m: { count: number }) => m.count)).toEqual([0, 0, 0]);
    expect(r.body.specialItems).toEqual([]);
    expect(line(r.body.totals.byForm, 'wechat')).toBe(0);
  });

  it('R-RP-1: a quarter in progress is allowed and marked provisional; a quarter not yet begun is refused', async () => {
    const now = await h.call('POST', '/v1/reports/quarterly', {
      body: { court: 'JL-CC-NG', quarter: '2026-Q2' },
    });
    expect(now.status).toBe(201);
    expect(now.body.provisional).toBe(true);
    const later = await h.call('POST', '/v1/reports/quarterly', {
      body: { court: 'JL-CC-NG', quarter: '2026-Q3' },
    });
    expect(later.status).toBe(409);
    expect(later.body.code).toBe('quarter-not-started');
  });

  it('R-RP-1: a case handler cannot generate a report; another court’s trial management cannot read it', async () => {
    const r = await h.call('POST', '/v1/reports/quarterly', {
      as: { sub: 'judge-a', roles: ['case-handler'] },
      body: { court: 'JL-CC-NG', quarter: '2026-Q1' },
    });
    expect(r.status).toBe(403);
    const other = await h.call('POST', '/v1/reports/quarterly', {
      body: { court: 'JL-CC-KC', quarter: '2026-Q1' },
    });
    expect(other.status).toBe(403);
    const mine = await h.call('POST', '/v1/reports/quarterly', {
      body: { court: 'JL-CC-NG', quarter: '2026-Q1' },
    });
    const seen = await h.call('GET', `/v1/reports/${mine.body.id}`, { as: { court: 'JL-CC-KC' } });
    expect(seen.status).toBe(404);
    const up = await h.call('GET', `/v1/reports/${mine.body.id}`, {
      as: { court: 'JL-CC', roles: ['statistician'] },
    });
    expect(up.status).toBe(200);
  });

  it('R-RP-4: a snapshot is frozen with its digest and signature; regenerating makes a new version and the old one is unchanged', async () => {
    const first = await h.call('POST', '/v1/reports/quarterly', {
      body: { court: 'JL-CC-NG', quarter: '2026-Q1' },
    });
    const { digest, signature, keyId: _k, ...snapshot } = first.body;
    expect(snapshotDigest(snapshot)).toBe(digest);
    expect(verifyDigest(h.service.parts.key.publicKey, digest, signature)).toBe(true);
    h.clock.advance(60_000);
    const second = await h.call('POST', '/v1/reports/quarterly', {
      body: { court: 'JL-CC-NG', quarter: '2026-Q1' },
    });
    expect(second.body.version).toBe(first.body.version + 1);
    expect((await h.call('GET', `/v1/reports/${first.body.id}`)).body).toEqual(first.body);
    const list = await h.call('GET', '/v1/reports?court=JL-CC-NG&quarter=2026-Q1');
    expect(list.body.items[0].id).toBe(second.body.id);
    expect(list.body.items.map((i: { id: string }) => i.id)).toContain(first.body.id);
    await expect(
      h.db
        .updateTable('reports')
        .set({ digest: '0'.repeat(64) })
        .where('id', '=', first.body.id)
        .execute(),
    ).rejects.toThrow(/never changes/);
  });

  it('R-BX-4: verification recomputes the snapshot from the read model; an amendment that reached it afterwards shows as a mismatch', async () => {
    const r = await h.call('POST', '/v1/reports/quarterly', {
      body: { court: 'JL-CC-NG', quarter: '2026-Q1' },
    });
    const ok = await h.call('GET', `/v1/reports/${r.body.id}/verification`);
    expect(ok.body).toMatchObject({ digestMatches: true, signatureValid: true, matchesReadModel: true });
    await h.publish(
      recordAmended,
      amendment(ids.b, { revision: 2, handler: 'judge-b', division: null, specialItems: ['SR10'] }),
    );
    await h.applied(15);
    const after = await h.call('GET', `/v1/reports/${r.body.id}/verification`);
    expect(after.body).toMatchObject({ digestMatches: true, signatureValid: true, matchesReadModel: false });
  });
});
