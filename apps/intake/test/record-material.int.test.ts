import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordDrafted } from '@jir/contracts';
import { waitFor } from '@jir/testing';
import { intakeHarness, recordBody, type IntakeHarness } from './harness.js';

let h: IntakeHarness;
beforeAll(async () => {
  h = await intakeHarness();
});
afterAll(() => h.close());

const clerk = { sub: 'clerk-1', division: 'office', roles: ['receiving-clerk'] };
const tm = { sub: 'tm-1', division: 'tm', roles: ['trial-management'] };
const route = {
  trialDepartment: 'civil-1',
  departmentReceiver: 'civil-clerk',
  vicePresident: 'vp-1',
  divisionHead: 'dh-1',
  handler: 'judge-a',
};

/** Materials received, registered and passed level by level to judge-a. */
async function delivered(): Promise<string> {
  const id = (
    await h.call('POST', '/v1/materials', {
      as: clerk,
      body: {
        caseNumber: '(2026)吉0102民初1234号',
        description: '某局转来的函件一份',
        sender: { name: '王某', unit: '某市某局', position: '局长' },
        form: 'official-letter',
        receivedAt: '2026-03-03T09:00:00+08:00',
      },
    })
  ).body.id;
  expect((await h.call('POST', `/v1/materials/${id}/filing`, { as: tm, body: route })).status).toBe(200);
  const steps: [Record<string, unknown>, string, string][] = [
    [tm, 'trial-department', 'civil-clerk'],
    [{ sub: 'civil-clerk', roles: [] }, 'vice-president', 'vp-1'],
    [{ sub: 'vp-1', division: 'leaders', roles: ['vice-president'] }, 'division-head', 'dh-1'],
    [{ sub: 'dh-1', roles: ['division-head'] }, 'case-handler', 'judge-a'],
  ];
  for (const [as, hop, to] of steps)
    expect((await h.call('POST', `/v1/materials/${id}/transfers`, { as, body: { hop, to } })).status).toBe(
      200,
    );
  return id;
}

describe('a record names the materials it records (R-DL-1)', () => {
  it('R-DL-1: materials delivered to the handler are named by their record, and its events carry them, so the period runs from the delivery', async () => {
    const materialId = await delivered();
    const r = await h.call('POST', '/v1/records', {
      body: recordBody({ form: 'official-letter', materialId }),
    });
    expect(r.status).toBe(201);
    expect(r.body.materialId).toBe(materialId);
    await waitFor(async () => (await h.relay.backlog()) === 0 || undefined);
    const drafted = (await h.publishedEvents()).find(
      (e) => e.subject === recordDrafted.subject && e.event.data.recordId === r.body.id,
    );
    expect(drafted?.event.data.materialId).toBe(materialId);
    // One record per materials: a second would meet the same periods twice.
    const again = await h.call('POST', '/v1/records', {
      body: recordBody({ form: 'official-letter', materialId }),
    });
    expect(again.body.errors[0]).toMatchObject({ path: 'materialId', code: 'material-recorded' });
    // Without materials the record's own receipt starts the period, and its events say no materials.
    const direct = await h.call('POST', '/v1/records', { body: recordBody() });
    expect(direct.body.materialId).toBeNull();
  });

  it('R-DL-1: materials not delivered to the caller are refused by field', async () => {
    const materialId = await delivered();
    const other = await h.call('POST', '/v1/records', {
      as: { sub: 'judge-b', roles: ['case-handler'] },
      body: recordBody({ form: 'official-letter', materialId }),
    });
    expect(other.status).toBe(422);
    expect(other.body.errors[0]).toMatchObject({ path: 'materialId', code: 'material-unknown' });
    const unknown = await h.call('POST', '/v1/records', {
      body: recordBody({ form: 'official-letter', materialId: crypto.randomUUID() }),
    });
    expect(unknown.body.errors[0]).toMatchObject({ path: 'materialId', code: 'material-unknown' });
  });
});
