import { describe, expect, it } from 'vitest';
import { recordDrafted } from '@jir/contracts';
import { waitFor } from '@jir/testing';
import { intakeForThisFile, recordBody } from './harness.js';

const h = intakeForThisFile();

describe('a record names the materials it records (R-DL-1)', () => {
  it('R-DL-1: materials delivered to the handler are named by their record, and its events carry them, so the period runs from the delivery', async () => {
    const materialId = await h.deliveredMaterials();
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
    const materialId = await h.deliveredMaterials();
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
