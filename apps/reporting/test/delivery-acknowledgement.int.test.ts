import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@jir/testing';
import { reportingHarness, type ReportingHarness } from './harness.js';

// One deployment serving a basic court and the intermediate court it reports to (its default:
// every court of the configuration), so the report lands in an inbox of this same database.
let h: ReportingHarness;
beforeAll(async () => {
  h = await reportingHarness();
});
afterAll(() => h.close());

const sender = { sub: 'tm-ng', court: 'JL-CC-NG', roles: ['trial-management'] };
const hubTm = { sub: 'tm-city', court: 'JL-CC', roles: ['trial-management'] };

describe('the sender sees the recipient’s acknowledgement (R-RP-3)', () => {
  it('R-RP-3: a delivered quarterly report shows no acknowledgement until the court above acknowledges it, then who and when', async () => {
    const report = await h.call('POST', '/v1/reports/quarterly', {
      as: sender,
      body: { court: 'JL-CC-NG', quarter: '2026-Q1' },
    });
    expect(report.status, JSON.stringify(report.body)).toBe(201);
    const sent = await h.call('POST', `/v1/reports/${report.body.id}/send`, { as: sender });
    expect(sent.status, JSON.stringify(sent.body)).toBeLessThan(300);
    const toHub = async () =>
      (await h.call('GET', `/v1/deliveries?reportId=${report.body.id}`, { as: sender })).body.items.find(
        (d: { recipient: string }) => d.recipient === 'JL-CC',
      );
    const delivered = await waitFor(
      async () => ((await toHub())?.status === 'delivered' ? toHub() : undefined),
      {
        what: 'the report delivered to the intermediate court',
      },
    );
    expect(delivered.acknowledgement).toBeNull();

    const ack = await h.call('POST', `/v1/inbox/${report.body.id}/JL-CC/acknowledge`, { as: hubTm });
    expect(ack.status, JSON.stringify(ack.body)).toBe(200);
    const after = await toHub();
    expect(after.acknowledgement).toEqual({ at: ack.body.acknowledgedAt, by: 'tm-city' });
    // The committee's delivery is a hand-over, never an inbox: nothing to acknowledge there.
    const committee = (
      await h.call('GET', `/v1/deliveries?reportId=${report.body.id}`, { as: sender })
    ).body.items.find((d: { recipientKind: string }) => d.recipientKind === 'committee');
    expect(committee?.acknowledgement ?? null).toBeNull();
  });
});
