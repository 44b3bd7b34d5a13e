import { describe, expect, it } from 'vitest';
import { waitFor } from '@jir/testing';
import { intakeForThisFile, recordBody } from './harness.js';

const h = intakeForThisFile();

describe('record events carry the record’s revision', () => {
  it('R-PV-3: drafted, amended and entered say which revision their facts are, so consumers can order them', async () => {
    const r = await h.call('POST', '/v1/records', { body: recordBody({ specialItems: [] }) });
    expect(r.status).toBe(201);
    expect(r.body.state).toBe('draft');
    const a = await h.call('POST', `/v1/records/${r.body.id}/amendments`, {
      body: { reason: '来电时间记录有误', changes: { content: '更正后的内容' } },
    });
    expect(a.status).toBe(201);
    expect((await h.call('POST', `/v1/records/${r.body.id}/enter`)).status).toBe(200);
    await waitFor(async () => (await h.relay.backlog()) === 0 || undefined);
    const mine = (await h.publishedEvents()).filter((e) => e.event.aggregateId === r.body.id);
    expect(mine.map((e) => [e.subject, e.event.data.revision])).toEqual([
      ['intake.record.drafted.v1', 1],
      ['intake.record.amended.v1', 2],
      // Entering changes no fact: the revision of the last amendment, which a consumer applies.
      ['intake.record.entered.v1', 2],
    ]);
  });
});
