import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordBody, waitFor } from '@jir/testing';
import { startSystem, type RunningSystem } from './services.js';

let sys: RunningSystem;
beforeAll(async () => {
  sys = await startSystem();
});
afterAll(() => sys?.stop());

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

async function api(url: string, method: string, token: string, body?: unknown) {
  const res = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

describe('intake and evidence-storage together (R-RC-2, R-PV-3)', () => {
  it('R-RC-2: a WeChat record is entered once its screenshot is stored, across both services and the bus', async () => {
    const t = await sys.token();
    const rec = await api(
      `${sys.urls.intake}/v1/records`,
      'POST',
      t,
      recordBody({
        stage: 'enforcement',
        form: 'wechat',
        content: '微信要求暂缓执行',
        specialItems: ['SR10'],
        enter: true,
      }),
    );
    expect(rec.status).toBe(201);
    expect(rec.body['state']).toBe('draft');
    expect((await api(`${sys.urls.intake}/v1/records/${rec.body['id']}/enter`, 'POST', t)).body['code']).toBe(
      'evidence-required',
    );

    // The evidence service learns of the record from intake's event (or waits for it briefly).
    const up = await fetch(`${sys.urls.evidence}/v1/evidence?recordId=${rec.body['id']}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${t}`,
        'content-type': 'application/octet-stream',
        'x-file-name': encodeURIComponent('微信截图.png'),
      },
      body: PNG,
    });
    expect(up.status).toBe(201);

    // Intake hears evidence.file.stored and the record can be entered.
    await waitFor(
      async () =>
        (await api(`${sys.urls.intake}/v1/records/${rec.body['id']}`, 'GET', t)).body['evidenceCount'] ===
          1 || undefined,
      { timeoutMs: 20_000, what: 'intake sees the evidence' },
    );
    const entered = await api(`${sys.urls.intake}/v1/records/${rec.body['id']}/enter`, 'POST', t);
    expect(entered.status).toBe(200);
    expect(entered.body['state']).toBe('entered');
  });

  it('R-NF-6: intake killed with SIGKILL under concurrent load loses nothing it acknowledged, doubles nothing; evidence announced meanwhile arrives after restart', async () => {
    const t = await sys.token();
    const caseNumber = `(2026)吉0102民初${Math.floor(Math.random() * 90_000) + 10_000}号`;
    const body = (content: string) => ({
      caseNumber,
      stage: 'trial',
      receivedAt: '2026-03-03T10:00:00+08:00',
      communicatedAt: '2026-03-03T09:30:00+08:00',
      form: 'email',
      interferer: {
        name: '李某',
        unit: '某区政府',
        position: '区长',
        unitType: 'administrative-organ',
        kind: 'leading-cadre',
      },
      content,
    });
    const rec = await api(`${sys.urls.intake}/v1/records`, 'POST', t, body('邮件'));
    expect(rec.status).toBe(201);
    const acknowledged = new Set<string>([rec.body['id']]);
    let sent = 1;
    let killed = false;
    // Eight clients post records back to back; intake is killed while their requests are in flight.
    const client = async (n: number) => {
      for (let i = 0; !killed || i < 3; i++) {
        sent++;
        try {
          const r = await api(`${sys.urls.intake}/v1/records`, 'POST', t, body(`负载 ${n}-${i}`));
          if (r.status === 201) acknowledged.add(r.body['id']);
        } catch {
          // Cut off by the kill: not acknowledged, so it may or may not have been stored.
        }
      }
    };
    const clients = Array.from({ length: 8 }, (_, n) => client(n));
    await waitFor(() => (acknowledged.size >= 40 ? true : undefined), {
      timeoutMs: 30_000,
      what: '40 records acknowledged under load',
    });
    await sys.kill('intake');
    killed = true;
    await Promise.all(clients);
    const up = await fetch(`${sys.urls.evidence}/v1/evidence?recordId=${rec.body['id']}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t}`, 'content-type': 'application/octet-stream' },
      body: PNG,
    });
    expect(up.status).toBe(201);
    await sys.start('intake');
    const after = await waitFor(
      async () => {
        const r = await api(`${sys.urls.intake}/v1/records/${rec.body['id']}`, 'GET', t);
        return r.body['evidenceCount'] === 1 ? r : undefined;
      },
      { timeoutMs: 30_000, what: 'evidence reaches the restarted intake' },
    );
    expect(after.body['caseNumber']).toBe(caseNumber);
    const stored: string[] = [];
    for (let cursor: string | null = null; ;) {
      const page = await api(
        `${sys.urls.intake}/v1/records?limit=200&caseNumber=${encodeURIComponent(caseNumber)}${cursor ? `&cursor=${cursor}` : ''}`,
        'GET',
        t,
      );
      expect(page.status).toBe(200);
      stored.push(...page.body['items'].map((i: { id: string }) => i.id));
      cursor = page.body['nextCursor'];
      if (!cursor) break;
    }
    // Every acknowledged record is there, none twice; at most the requests cut off add to them.
    expect([...acknowledged].filter((id) => !stored.includes(id))).toEqual([]);
    expect(new Set(stored).size).toBe(stored.length);
    expect(stored.length).toBeLessThanOrEqual(sent);
    expect(acknowledged.size).toBeGreaterThanOrEqual(40);
  });
});
