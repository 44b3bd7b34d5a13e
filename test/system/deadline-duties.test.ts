import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadline } from '@jir/rules';
import { recordBody, waitFor } from '@jir/testing';
import { startSystem, type RunningSystem } from './services.js';

let sys: RunningSystem;
beforeAll(async () => {
  sys = await startSystem();
});
afterAll(() => sys?.stop());

async function api(url: string, method: string, token: string, body?: unknown) {
  const res = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as Record<string, any> };
}

type Duty = { kind: string; state: string; dueDate: string; metAt?: string; lateByMs?: number };

describe('intake and the deadline monitor together (R-DL-1, R-DL-5)', () => {
  it('R-DL-1: a telephone record entered through intake meets its entry duty; its copy is pending to the legal date, then met when delivered', async () => {
    const t = await sys.token();
    // Received an hour ago (the services run on the real clock), so nothing is overdue.
    const receivedAt = new Date(Date.now() - 3_600_000).toISOString();
    // A call is spoken (R-RC-3): recordBody says where it was taken and that nobody else was there.
    const rec = await api(
      `${sys.urls.intake}/v1/records`,
      'POST',
      t,
      recordBody({ receivedAt, communicatedAt: receivedAt, enter: true }),
    );
    expect(rec.status).toBe(201);
    expect(rec.body['state']).toBe('entered');
    const id = rec.body['id'] as string;

    const duties = (want: (d: Duty[]) => boolean, what: string) =>
      waitFor(
        async () => {
          const r = await api(`${sys.urls.deadlines}/v1/obligations?recordId=${id}`, 'GET', t);
          const items = (r.body?.['items'] ?? []) as Duty[];
          return items.length === 2 && want(items) ? items : undefined;
        },
        { timeoutMs: 20_000, what },
      );
    const byKind = (d: Duty[], kind: string) => d.find((x) => x.kind === kind)!;

    const opened = await duties(
      (d) => byKind(d, 'entry')?.state === 'met',
      'entry met, copy open, seen by the handler in the deadline monitor',
    );
    expect(byKind(opened, 'entry')).toMatchObject({ state: 'met', lateByMs: 0 });
    // The legal dates themselves are the rules' unit tests and the monitor's (holidays, make-up
    // days, Beijing dates); here they show the monitor computed the copy's period from intake's receipt.
    expect(byKind(opened, 'entry').dueDate).toBe(deadline('entry', receivedAt).dueDate);
    expect(byKind(opened, 'copy')).toMatchObject({
      state: 'pending',
      dueDate: deadline('copy', receivedAt).dueDate,
    });

    const delivered = await api(`${sys.urls.intake}/v1/records/${id}/copy-delivery`, 'POST', t);
    expect(delivered.status).toBeLessThan(300);
    const met = await duties((d) => d.every((x) => x.state === 'met'), 'copy met after delivery');
    expect(byKind(met, 'copy').lateByMs).toBe(0);
  });
});
