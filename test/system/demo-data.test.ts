import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@jir/testing';
import { loadDemo, type DemoUrls } from '../../scripts/demo/load-demo.js';
import { DEMO_COURTS } from '../../scripts/demo/demo-data.js';
import { startSystem, type RunningSystem } from './services.js';

let sys: RunningSystem;
beforeAll(async () => {
  sys = await startSystem();
});
afterAll(() => sys?.stop());

/** Every record of every demo court, as each court's trial management lists them. */
async function recordsPerCourt(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const court of [...DEMO_COURTS.map((c) => c.code), 'JL-CC']) {
    const t = await sys.token({
      sub: `${court.toLowerCase()}-tm-1`,
      court,
      roles: ['trial-management'],
      division: 'tm',
    });
    let n = 0;
    for (let cursor: string | null = null; ;) {
      const res = await fetch(`${sys.urls.intake}/v1/records?limit=200${cursor ? `&cursor=${cursor}` : ''}`, {
        headers: { authorization: `Bearer ${t}` },
      });
      const page = (await res.json()) as { items: unknown[]; nextCursor: string | null };
      n += page.items.length;
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    out[court] = n;
  }
  return out;
}

// In file order: the first test counts what a first load creates.
describe('the demo data set (issue 13)', { shuffle: false }, () => {
  it('R-RC-1, R-RC-3, R-TR-3, R-RP-1: loads through the services APIs, and loading it twice changes nothing', async () => {
    const urls: DemoUrls = sys.urls;
    const sign = (a: { sub: string; court: string; roles: string[]; division?: string }) => sys.token(a);
    const first = await loadDemo(urls, sign);
    expect(first.problems).toEqual([]);
    expect(first.records.created).toBeGreaterThanOrEqual(30);
    expect(first.records.existing).toBe(0);
    expect(first.evidence.stored).toBeGreaterThan(10);
    expect(first.confirmations).toBeGreaterThanOrEqual(8);
    expect(first.materials.hops).toBe(16);
    expect(first.report.generated).toBe(true);
    process.stdout.write(`[demo] first load: ${JSON.stringify(first)}\n`);
    const counted = await recordsPerCourt();
    // The drafts left ten days past their receipt are breaches of the entry period (R-DL-1).
    const tm = await sys.token({
      sub: 'jl-cc-ng-tm-1',
      court: 'JL-CC-NG',
      roles: ['trial-management'],
      division: 'tm',
    });
    const breached = await waitFor(
      async () => {
        const res = await fetch(
          `${sys.urls.deadlines}/v1/obligations?court=JL-CC-NG&state=breached&kind=entry`,
          {
            headers: { authorization: `Bearer ${tm}` },
          },
        );
        const n = ((await res.json()) as { items: unknown[] }).items.length;
        return n >= 1 ? n : undefined;
      },
      { timeoutMs: 30_000, what: 'the demo breach in JL-CC-NG' },
    );
    expect(breached).toBe(1);
    expect(Object.values(counted).reduce((a, b) => a + b, 0)).toBe(first.records.created);

    const second = await loadDemo(urls, sign);
    expect(second.problems).toEqual([]);
    expect(second).toMatchObject({
      records: { created: 0, existing: first.records.created },
      evidence: { stored: 0, existing: first.evidence.stored },
      confirmations: 0,
      copies: { delivered: 0, acknowledged: 0 },
      materials: { received: 0, hops: 0 },
      report: { generated: false },
    });
    process.stdout.write(`[demo] second load: ${JSON.stringify(second)}\n`);
    expect(await recordsPerCourt()).toEqual(counted);
  });

  it('R-TR-3: loading it again on a later day adds no second set of materials (their receipt times follow the day)', async () => {
    const materialsPerCourt = async () => {
      const out: Record<string, number> = {};
      for (const court of DEMO_COURTS.slice(0, 4).map((c) => c.code)) {
        const t = await sys.token({
          sub: `${court.toLowerCase()}-office-clerk`,
          court,
          roles: ['receiving-clerk'],
          division: 'office',
        });
        const res = await fetch(`${sys.urls.intake}/v1/materials?limit=200`, {
          headers: { authorization: `Bearer ${t}` },
        });
        out[court] = ((await res.json()) as { items: unknown[] }).items.length;
      }
      return out;
    };
    // Standing alone: today's set first (nothing new if the test above loaded it).
    expect((await loadDemo(sys.urls, (a) => sys.token(a))).problems).toEqual([]);
    const before = await materialsPerCourt();
    expect(
      Object.values(before).every((n) => n === 1),
      JSON.stringify(before),
    ).toBe(true);
    // A day later (the same quarter and year unless run on their last day).
    const tomorrow = new Date(Date.now() + 24 * 3_600_000);
    const later = await loadDemo(sys.urls, (a) => sys.token(a), tomorrow);
    process.stdout.write(`[demo] load a day later: ${JSON.stringify(later)}\n`);
    expect(later.problems).toEqual([]);
    expect(later).toMatchObject({ records: { created: 0 }, materials: { received: 0, hops: 0 } });
    expect(await materialsPerCourt()).toEqual(before);
  }, 300_000);
});
