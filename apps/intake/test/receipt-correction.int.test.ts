import { describe, expect, it } from 'vitest';
import { recordAmended } from '@jir/contracts';
import { TRIAL_MANAGER as tm, waitFor } from '@jir/testing';
import { intakeForThisFile, recordBody } from './harness.js';

const h = intakeForThisFile();

const FIRST = '2026-03-03T10:00:00+08:00';
const CORRECTED = '2026-03-02T16:00:00+08:00';
// The call was on the 2nd; when the handler received it is what the correction is about.
const COMMUNICATED = '2026-03-02T15:00:00+08:00';

async function entered() {
  const r = await h.call('POST', '/v1/records', {
    body: recordBody({
      form: 'meeting',
      place: '办公室',
      personsPresent: [{ name: '张某' }],
      communicatedAt: COMMUNICATED,
      enter: true,
    }),
  });
  expect(r.body.state).toBe('entered');
  return r.body.id as string;
}

describe('a receipt time changed after entry (R-RC-4)', () => {
  it('R-RC-4: the handler cannot amend an entered record’s receipt; a draft’s receipt amends freely', async () => {
    const id = await entered();
    const r = await h.call('POST', `/v1/records/${id}/amendments`, {
      body: { reason: '记错了时间', changes: { receivedAt: CORRECTED } },
    });
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('receipt-correction-needs-approval');
    expect(r.body.message.zh).toContain('审判管理部门');
    expect((await h.call('GET', `/v1/records/${id}`)).body.receivedAt).toBe('2026-03-03T02:00:00.000Z');
    // Other fields of an entered record amend as before; restating the same receipt is no change of it.
    const other = await h.call('POST', `/v1/records/${id}/amendments`, {
      body: { reason: '补充', changes: { receivedAt: FIRST, content: '补充内容' } },
    });
    expect(other.status).toBe(201);
    const draft = await h.call('POST', '/v1/records', {
      body: recordBody({ form: 'sms', communicatedAt: COMMUNICATED }),
    });
    const d = await h.call('POST', `/v1/records/${draft.body.id}/amendments`, {
      body: { reason: '记错了时间', changes: { receivedAt: CORRECTED } },
    });
    expect(d.status).toBe(201);
  });

  it('R-RC-4: trial management approves a requested correction; the periods stay anchored to the first stated receipt', async () => {
    const id = await entered();
    const ask = await h.call('POST', `/v1/records/${id}/receipt-corrections`, {
      body: { receivedAt: CORRECTED, reason: '实际前一天下午收到' },
    });
    expect(ask.status).toBe(201);
    expect(ask.body).toMatchObject({ state: 'pending', previousReceivedAt: '2026-03-03T02:00:00.000Z' });
    // Nothing changes until the decision; a second request waits for it.
    expect((await h.call('GET', `/v1/records/${id}`)).body.revision).toBe(1);
    const again = await h.call('POST', `/v1/records/${id}/receipt-corrections`, {
      body: { receivedAt: CORRECTED, reason: '再次申请' },
    });
    expect(again.body.code).toBe('correction-pending');
    const decide = (as: Record<string, unknown>, approve = true) =>
      h.call('POST', `/v1/records/${id}/receipt-corrections/${ask.body.id}/decision`, {
        as,
        body: { approve, note: '核实属实' },
      });
    // The handler whose periods it would move cannot approve it.
    expect((await decide({})).status).toBe(403);
    const ok = await decide(tm);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ state: 'approved', decidedBy: 'tm-1', appliedRevision: 2 });
    expect((await decide(tm)).body.code).toBe('correction-decided');
    const rec = (await h.call('GET', `/v1/records/${id}`)).body;
    expect(rec).toMatchObject({
      revision: 2,
      receivedAt: '2026-03-02T08:00:00.000Z',
      firstReceivedAt: '2026-03-03T02:00:00.000Z',
    });
    const versions = (await h.call('GET', `/v1/records/${id}/versions`)).body;
    expect(versions[1]).toMatchObject({ changedBy: 'judge-a', changedFields: ['receivedAt'] });
    expect(versions[1].reason).toContain('tm-1');
    // Other services learn the corrected receipt and the anchor of the periods.
    await waitFor(async () => (await h.relay.backlog()) === 0 || undefined);
    const amended = (await h.publishedEvents()).find(
      (e) => e.subject === recordAmended.subject && e.event.data.recordId === id,
    );
    expect(amended?.event.data).toMatchObject({
      receivedAt: '2026-03-02T08:00:00.000Z',
      firstReceivedAt: '2026-03-03T02:00:00.000Z',
    });
  });

  it('R-RC-4: a rejected correction changes nothing, and a draft is amended rather than corrected', async () => {
    const id = await entered();
    const ask = await h.call('POST', `/v1/records/${id}/receipt-corrections`, {
      body: { receivedAt: CORRECTED, reason: '实际前一天下午收到' },
    });
    const no = await h.call('POST', `/v1/records/${id}/receipt-corrections/${ask.body.id}/decision`, {
      as: tm,
      body: { approve: false, note: '无依据' },
    });
    expect(no.body).toMatchObject({ state: 'rejected', appliedRevision: null });
    expect((await h.call('GET', `/v1/records/${id}`)).body).toMatchObject({
      revision: 1,
      receivedAt: '2026-03-03T02:00:00.000Z',
    });
    const draft = await h.call('POST', '/v1/records', {
      body: recordBody({ form: 'sms', communicatedAt: COMMUNICATED }),
    });
    expect(
      (
        await h.call('POST', `/v1/records/${draft.body.id}/receipt-corrections`, {
          body: { receivedAt: CORRECTED, reason: 'x' },
        })
      ).body.code,
    ).toBe('record-is-a-draft');
  });
});
