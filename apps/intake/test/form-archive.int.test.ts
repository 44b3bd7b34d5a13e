// Art 5 (R-EV-4): the information form itself is archived in the case's secondary volume: the PDF
// as rendered when archived, byte for byte with its digest, one per revision, never replaced.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intakeHarness, recordBody, type IntakeHarness } from './harness.js';

let h: IntakeHarness;
beforeAll(async () => {
  h = await intakeHarness();
});
afterAll(() => h?.close());

const tm = { sub: 'tm-ng', division: 'tm', roles: ['trial-management'] };
const archive = (id: string, as: Record<string, unknown> = {}) =>
  h.call('POST', `/v1/records/${id}/form-archive`, { as });
const stored = (id: string) =>
  h.db
    .selectFrom('information_form_archives')
    .selectAll()
    .where('record_id', '=', id)
    .orderBy('revision')
    .execute();

describe('the information form in the secondary volume (Art 5, R-EV-4)', () => {
  it('R-EV-4: an entered record’s form is archived in the secondary volume as the PDF the form route prints, with its digest, and audited', async () => {
    const r = await h.call('POST', '/v1/records', { body: recordBody({ enter: true }) });
    const a = await archive(r.body.id);
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({
      recordId: r.body.id,
      revision: 1,
      volume: 'secondary',
      archivedBy: 'judge-a',
    });
    const [row] = await stored(r.body.id);
    const printed = Buffer.from(
      await (
        await fetch(`${h.url}/v1/records/${r.body.id}/form.pdf`, {
          headers: { authorization: `Bearer ${await h.token({})}` },
        })
      ).arrayBuffer(),
    );
    expect(row!.pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(Buffer.compare(row!.pdf, printed)).toBe(0);
    expect(a.body.sha256).toBe(createHash('sha256').update(row!.pdf).digest('hex'));
    expect(a.body.size).toBe(row!.pdf.length);
    const audit = await h.db
      .selectFrom('audit_entries')
      .select(['action', 'data'])
      .where('subject_id', '=', r.body.id)
      .where('action', '=', 'record.form-archived')
      .execute();
    expect(audit).toEqual([
      {
        action: 'record.form-archived',
        data: { formRevision: 1, volume: 'secondary', sha256: a.body.sha256 },
      },
    ]);
    const listed = await h.call('GET', `/v1/records/${r.body.id}/form-archive`, { as: tm });
    expect(listed.body).toEqual([a.body]);
  });

  it('R-EV-4, R-PV-1: the same revision is archived once; after an amendment the new form is archived beside the old one, which stays', async () => {
    const r = await h.call('POST', '/v1/records', { body: recordBody({ enter: true }) });
    expect((await archive(r.body.id)).status).toBe(201);
    const again = await archive(r.body.id, tm);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('form-already-archived');
    expect(again.body.message.zh).toContain('第 1 版');
    const amended = await h.call('POST', `/v1/records/${r.body.id}/amendments`, {
      body: { changes: { content: '补充：对方再次来电' }, reason: '补记' },
    });
    expect(amended.status).toBe(201);
    const second = await archive(r.body.id, tm);
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ revision: 2, archivedBy: 'tm-ng' });
    const rows = await stored(r.body.id);
    expect(rows.map((x) => x.revision)).toEqual([1, 2]);
    expect(rows[0]!.sha256).not.toBe(rows[1]!.sha256);
    // The archived copy cannot be replaced behind the service's back either.
    await expect(
      h.db
        .updateTable('information_form_archives')
        .set({ sha256: '0'.repeat(64) })
        .where('record_id', '=', r.body.id)
        .execute(),
    ).rejects.toThrow();
  });

  it('R-EV-4: a draft’s form is not archived yet; a colleague cannot archive it, another court cannot see it', async () => {
    const draft = await h.call('POST', '/v1/records', { body: recordBody() });
    const early = await archive(draft.body.id);
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('not-entered');
    expect((await h.call('POST', `/v1/records/${draft.body.id}/enter`)).status).toBe(200);
    expect((await archive(draft.body.id, { sub: 'judge-b' })).status).toBe(404);
    expect((await archive(draft.body.id, { ...tm, court: 'JL-CC-KC' })).status).toBe(404);
    expect(await stored(draft.body.id)).toEqual([]);
  });
});
