// Art 6 (R-SC-4): a claimed exemption is confirmed by trial management against the commission or
// permission document stored for the opinion, or rejected; an opinion wrongly filed as exempt is
// converted into a record by its handler, and the opinion keeps its history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@jir/testing';
import { intakeHarness, recordBody, type IntakeHarness } from './harness.js';

let h: IntakeHarness;
beforeAll(async () => {
  h = await intakeHarness();
});
afterAll(() => h?.close());

const tm = { sub: 'tm-ng', division: 'tm', roles: ['trial-management'] };
let n = 0;
/** A fresh opinion of the default handler (judge-a), on a case of its own. */
async function fileOpinion() {
  n += 1;
  const r = await h.call('POST', '/v1/exempt-opinions', {
    body: {
      caseNumber: `(2026)吉0102民初${900 + n}号`,
      source: 'public-institution-with-administrative-functions',
      organisation: '长春市某事业单位',
      commissionReference: `(2026)吉0102民初${900 + n}号委托函`,
      concernsStateOrPublicInterest: true,
      content: '受托出具的参考意见',
      receivedAt: '2026-03-03T09:00:00+08:00',
    },
  });
  expect(r.status).toBe(201);
  return r.body as { id: string; caseNumber: string; state: string };
}

/** A file evidence storage reports stored for the opinion (the opinion's id is its record id). */
async function storedFile(opinionId: string) {
  await h.publishEvidence(opinionId);
  return waitFor(
    async () =>
      (
        await h.db
          .selectFrom('record_evidence')
          .select('evidence_id')
          .where('record_id', '=', opinionId)
          .executeTakeFirst()
      )?.evidence_id,
    { what: 'the opinion’s file known to intake' },
  );
}

const decide = (id: string, body: unknown, as: Record<string, unknown> = tm) =>
  h.call('POST', `/v1/exempt-opinions/${id}/confirmation`, { as, body });
const listed = async (id: string) =>
  ((await h.call('GET', '/v1/exempt-opinions', { as: tm })).body as Record<string, unknown>[]).find(
    (o) => o['id'] === id,
  );

describe('confirming an exemption against its document (Art 6, R-SC-4)', () => {
  it('R-SC-4: a filed opinion awaits confirmation; trial management confirms it only against a stored file of that opinion', async () => {
    const o = await fileOpinion();
    expect(o.state).toBe('filed');
    // A file of another opinion, or none at all, is not this opinion's document.
    const other = await fileOpinion();
    const othersFile = await storedFile(other.id);
    const refused = await decide(o.id, { decision: 'confirmed', documentEvidenceId: othersFile });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('commission-document-missing');
    expect(refused.body.errors[0].path).toBe('documentEvidenceId');
    expect(refused.body.message.zh).toContain('委托或许可文书');
    expect(await listed(o.id)).toMatchObject({ state: 'filed', documentEvidenceId: null, decisions: [] });

    const file = await storedFile(o.id);
    const ok = await decide(o.id, { decision: 'confirmed', documentEvidenceId: file });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ state: 'confirmed', documentEvidenceId: file });
    expect(ok.body.decisions).toEqual([
      expect.objectContaining({ action: 'confirmed', by: 'tm-ng', documentEvidenceId: file }),
    ]);
    expect(await listed(o.id)).toMatchObject({ state: 'confirmed', documentEvidenceId: file });
    const again = await decide(o.id, { decision: 'confirmed', documentEvidenceId: file });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('already-confirmed');
  });

  it('R-SC-4: a confirmation names the document and a rejection its reason, in Chinese and English', async () => {
    const o = await fileOpinion();
    const noDoc = await decide(o.id, { decision: 'confirmed' });
    expect(noDoc.status).toBe(422);
    expect(noDoc.body.errors[0].path).toBe('documentEvidenceId');
    const noReason = await decide(o.id, { decision: 'rejected' });
    expect(noReason.status).toBe(422);
    expect(noReason.body.errors[0].path).toBe('reason');
  });

  it('R-SC-4: only trial management decides; the handler who filed it cannot confirm their own exemption, another court cannot see it', async () => {
    const o = await fileOpinion();
    const file = await storedFile(o.id);
    const own = await decide(o.id, { decision: 'confirmed', documentEvidenceId: file }, {});
    expect(own.status).toBe(403);
    const elsewhere = await decide(
      o.id,
      { decision: 'confirmed', documentEvidenceId: file },
      { ...tm, court: 'JL-CC-KC' },
    );
    expect(elsewhere.status).toBe(404);
    expect((await listed(o.id))?.decisions).toEqual([]);
  });
});

describe('converting a wrongly exempted opinion into a record (Art 6, R-SC-4)', () => {
  it('R-SC-4: rejected by trial management, the handler converts it: a record of the same case counts, the opinion keeps its history and the audit chain both steps', async () => {
    const o = await fileOpinion();
    const rejected = await decide(o.id, { decision: 'rejected', reason: '出具单位未经法院委托' });
    expect(rejected.status).toBe(200);
    expect(rejected.body.state).toBe('rejected');

    const before = (await h.call('GET', '/v1/records?limit=200', { as: tm })).body.items.length;
    const converted = await h.call('POST', `/v1/exempt-opinions/${o.id}/conversion`, {
      body: {
        reason: '审判管理部门不予确认，转为过问记录',
        record: recordBody({ caseNumber: o.caseNumber, enter: true }),
      },
    });
    expect(converted.status).toBe(201);
    const recordId = converted.body.record.id as string;
    expect(converted.body.record).toMatchObject({
      caseNumber: o.caseNumber,
      state: 'entered',
      handler: 'judge-a',
    });
    expect(converted.body.opinion).toMatchObject({ id: o.id, state: 'converted', recordId });
    expect(converted.body.opinion.decisions.map((d: { action: string }) => d.action)).toEqual([
      'rejected',
      'converted',
    ]);
    // The record is in the special database now; the opinion row is still there, with its link.
    const items = (await h.call('GET', '/v1/records?limit=200', { as: tm })).body.items as { id: string }[];
    expect(items.length).toBe(before + 1);
    expect(items.map((r) => r.id)).toContain(recordId);
    expect(await listed(o.id)).toMatchObject({ state: 'converted', recordId, content: '受托出具的参考意见' });
    const audit = await h.db
      .selectFrom('audit_entries')
      .select('action')
      .where('subject_id', '=', o.id)
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'exempt-opinion.filed',
      'exempt-opinion.rejected',
      'exempt-opinion.converted',
    ]);

    // Converted once: a second conversion and any later decision are refused.
    const twice = await h.call('POST', `/v1/exempt-opinions/${o.id}/conversion`, {
      body: { reason: '再次', record: recordBody({ caseNumber: o.caseNumber }) },
    });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('opinion-converted');
    expect((await decide(o.id, { decision: 'rejected', reason: 'x' })).body.code).toBe('opinion-converted');
  });

  it('R-SC-4: the record is of the opinion’s case and made by its handler; a record the rules refuse leaves the opinion unconverted', async () => {
    const o = await fileOpinion();
    const otherCase = await h.call('POST', `/v1/exempt-opinions/${o.id}/conversion`, {
      body: { reason: '转为记录', record: recordBody({ caseNumber: '(2026)吉0102民初1号' }) },
    });
    expect(otherCase.status).toBe(422);
    expect(otherCase.body.errors[0].path).toBe('record.caseNumber');
    expect(otherCase.body.message.zh).toContain(o.caseNumber);

    const colleague = await h.call('POST', `/v1/exempt-opinions/${o.id}/conversion`, {
      as: { sub: 'judge-b' },
      body: { reason: '转为记录', record: recordBody({ caseNumber: o.caseNumber }) },
    });
    expect(colleague.status).toBe(404);
    const byTm = await h.call('POST', `/v1/exempt-opinions/${o.id}/conversion`, {
      as: tm,
      body: { reason: '转为记录', record: recordBody({ caseNumber: o.caseNumber }) },
    });
    expect(byTm.status).toBe(403);

    // A receipt in the future is refused as for any record (R-RC-4): nothing is converted.
    const future = await h.call('POST', `/v1/exempt-opinions/${o.id}/conversion`, {
      body: {
        reason: '转为记录',
        record: recordBody({ caseNumber: o.caseNumber, receivedAt: '2030-01-01T10:00:00+08:00' }),
      },
    });
    expect(future.status).toBe(422);
    expect((await listed(o.id))?.state).toBe('filed');
  });
});
