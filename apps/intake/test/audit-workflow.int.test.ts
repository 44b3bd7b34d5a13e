// R-PV-2: audit verification vouches for a record's workflow columns (state, entry and copy times,
// the deadlines' anchor, identity links) as it does for its content: every legitimate change of
// them is in the chain, and a direct UPDATE of any of them by the database owner is reported.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@jir/testing';
import { intakeHarness, recordBody, type IntakeHarness } from './harness.js';

let h: IntakeHarness;
beforeAll(async () => {
  h = await intakeHarness();
});
afterAll(() => h?.close());

const tm = { sub: 'tm-ng', division: 'tm', roles: ['trial-management'] };
const auditor = { roles: ['auditor'] };

/** The chain's report once every committed entry is sealed. */
async function verified() {
  await waitFor(async () =>
    (await h.call('GET', '/v1/audit/verify', { as: auditor })).body.pending === 0 ? true : undefined,
  );
  return (await h.call('GET', '/v1/audit/verify', { as: auditor })).body;
}

/** An entered record whose copy was delivered and acknowledged, by a relative speaking for a cadre. */
async function recordThroughTheWorkflow(name: string) {
  const r = await h.call('POST', '/v1/records', {
    body: recordBody({
      enter: true,
      interferer: {
        name,
        unit: '某公司',
        position: '职员',
        unitType: 'company',
        kind: 'cadre-relative',
        onBehalfOf: { name: `${name}之父`, unit: '某区委', position: '书记' },
      },
    }),
  });
  expect(r.status).toBe(201);
  const id = r.body.id as string;
  expect((await h.call('POST', `/v1/records/${id}/copy-delivery`)).status).toBe(200);
  expect((await h.call('POST', `/v1/records/${id}/copy-delivery/acknowledge`, { as: tm })).status).toBe(200);
  return id;
}

describe('audit verification of the workflow columns (R-PV-2)', () => {
  it('R-PV-2: entry, the copy, an amendment, an identity split and a merge keep the chain intact', async () => {
    const a = await recordThroughTheWorkflow('钱某');
    const draft = await h.call('POST', '/v1/records', {
      body: recordBody({ caseNumber: '(2026)吉0102民初2号' }),
    });
    expect((await h.call('POST', `/v1/records/${draft.body.id}/enter`)).status).toBe(200);
    expect(
      (
        await h.call('POST', `/v1/records/${a}/amendments`, {
          body: { changes: { content: '补充：来电两次' }, reason: '补记' },
        })
      ).status,
    ).toBe(201);
    const split = await h.call('POST', `/v1/records/${a}/identity`, {
      as: tm,
      body: { reason: '同名不同人' },
    });
    expect(split.status).toBe(200);
    // Fold the split-off identity back into the one of another record: the moved record's links change.
    const b = await recordThroughTheWorkflow('孙某');
    const idOf = async (id: string) =>
      (await h.call('GET', `/v1/records/${id}`, { as: tm })).body.interfererIdentityId as string;
    const merged = await h.call('POST', `/v1/interferer-identities/${await idOf(a)}/merge`, {
      as: tm,
      body: { into: await idOf(b), reason: '经核实为同一人' },
    });
    expect(merged.status).toBe(200);
    expect(await idOf(a)).toBe(await idOf(b));
    const v = await verified();
    expect(v.firstContentMismatch).toBeUndefined();
    expect(v.intact).toBe(true);
  });

  it('R-PV-2: a direct UPDATE of each workflow column by the owner is reported as a workflow mismatch of that record', async () => {
    const id = await recordThroughTheWorkflow('周某');
    const other = await recordThroughTheWorkflow('吴某');
    expect((await verified()).intact).toBe(true);
    const row = await h.db.selectFrom('records').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const otherRow = await h.db
      .selectFrom('records')
      .select(['identity_id', 'originator_identity_id'])
      .where('id', '=', other)
      .executeTakeFirstOrThrow();
    expect(row.originator_identity_id).not.toBeNull();
    const later = (d: Date | null) => new Date(new Date(d!).getTime() + 3_600_000);
    const tampered = {
      state: 'draft' as const,
      entered_at: later(row.entered_at),
      first_received_at: later(row.first_received_at),
      copy_delivered_at: null,
      copy_acknowledged_at: later(row.copy_acknowledged_at),
      copy_acknowledged_by: 'someone-else',
      identity_id: otherRow.identity_id,
      originator_identity_id: otherRow.originator_identity_id,
    };
    for (const [column, value] of Object.entries(tampered)) {
      await h.db
        .updateTable('records')
        .set({ [column]: value })
        .where('id', '=', id)
        .execute();
      const v = await verified();
      expect(v.intact, column).toBe(false);
      expect(v.firstContentMismatch, column).toEqual({
        kind: 'record',
        recordId: id,
        revision: row.revision,
        reason: 'workflow-mismatch',
      });
      // Put it back, so that the next column is checked on its own.
      await h.db
        .updateTable('records')
        .set({ [column]: row[column as keyof typeof row] })
        .where('id', '=', id)
        .execute();
      expect((await verified()).intact, `${column} restored`).toBe(true);
    }
  });
});
