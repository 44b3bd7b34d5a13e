import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserClaims } from '@jir/service-kit';
import { RECEIVING_CLERK as clerk, TRIAL_MANAGER as tm, filingBody, materialBody } from '@jir/testing';
import { intakeHarness, recordBody, type IntakeHarness } from './harness.js';

let h: IntakeHarness;
let outDir: string;
beforeAll(async () => {
  h = await intakeHarness();
  outDir = mkdtempSync(join(tmpdir(), 'jir-forms-'));
});
afterAll(async () => {
  await h.close();
  rmSync(outDir, { recursive: true, force: true });
});

/** The PDF as bytes (the harness's call reads text), and its text as pdftotext extracts it. */
async function pdf(path: string, as: Partial<UserClaims> = {}) {
  const res = await fetch(`${h.url}${path}`, { headers: { authorization: `Bearer ${await h.token(as)}` } });
  const bytes = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200)
    return { status: res.status, type: res.headers.get('content-type'), text: '', bytes };
  const file = join(outDir, `${crypto.randomUUID()}.pdf`);
  writeFileSync(file, bytes);
  // -layout keeps each table row on one line, so a label and its value can be matched together.
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  return { status: res.status, type: res.headers.get('content-type'), text, bytes };
}
const line = (text: string, label: string) => text.split('\n').find((l) => l.includes(label)) ?? '';

describe('the information form as a PDF (Art 4, Art 7)', () => {
  it('R-RC-1: form.pdf prints the record’s fields in Chinese on A4: interferer, unit, post, times, form, content, items', async () => {
    const rec = await h.call('POST', '/v1/records', {
      body: recordBody({
        enter: true,
        caseNumber: '(2026)吉0102民初4321号',
        content: '来电要求对被执行人名下房产解除查封，称系上级领导关注案件',
        severe: true,
        involvesPrincipalLeader: true,
        place: '第三审判庭办公室',
        personsPresent: [{ name: '书记员赵某', role: '书记员' }],
      }),
    });
    expect(rec.status, JSON.stringify(rec.body)).toBe(201);
    const r = await pdf(`/v1/records/${rec.body.id}/form.pdf`);
    expect(r.status).toBe(200);
    expect(r.type).toBe('application/pdf');
    // A4 portrait: 595.28 × 841.89 points.
    expect(r.bytes.toString('latin1')).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
    const t = r.text;
    expect(t).toContain('外部领导干部过问案件信息表');
    expect(t).toContain('长春市南关区人民法院');
    expect(line(t, '案号')).toContain('(2026)吉0102民初4321号');
    expect(line(t, '姓名')).toContain('王某');
    expect(line(t, '所在单位')).toContain('某市某局');
    expect(line(t, '职务')).toContain('局长');
    expect(line(t, '过问形式')).toContain('电话');
    expect(line(t, '诉讼阶段')).toContain('审判');
    // The stated times in Beijing time, as the handler wrote them.
    expect(line(t, '过问时间')).toContain('2026年03月03日 09:30');
    expect(line(t, '收到时间')).toContain('2026年03月03日 10:00');
    expect(line(t, '发生场所')).toContain('第三审判庭办公室');
    expect(line(t, '在场人员')).toContain('书记员赵某');
    expect(line(t, '特别报告事项')).toContain('SR07');
    expect(line(t, '是否涉及同级党委或政法委主要领导')).toContain('是');
    expect(line(t, '是否可能造成冤假错案')).toContain('是');
    expect(t.replace(/\s/g, '')).toContain('来电要求对被执行人名下房产解除查封');
    expect(line(t, '承办人')).toContain('judge-a');
    expect(line(t, '版本')).toContain('1');
  });

  it('R-AC-3: printing the form is a read of the record: who printed it shows in the record’s view log', async () => {
    const id = (await h.call('POST', '/v1/records', { body: recordBody({ enter: true }) })).body.id;
    expect((await pdf(`/v1/records/${id}/form.pdf`, tm)).status).toBe(200);
    const views = await h.call('GET', `/v1/records/${id}/views`);
    expect(views.body.map((v: { viewer: string }) => v.viewer)).toContain('tm-1');
  });

  it('R-AC-1: someone who may not read the record gets 404 and no PDF, and no view is logged for them', async () => {
    const id = (await h.call('POST', '/v1/records', { body: recordBody({ enter: true }) })).body.id;
    const other = { sub: 'judge-z', court: 'JL-CC-KC', roles: ['case-handler'] };
    const r = await pdf(`/v1/records/${id}/form.pdf`, other);
    expect(r.status).toBe(404);
    expect(r.type).toContain('application/problem+json');
    const views = await h.call('GET', `/v1/records/${id}/views`);
    expect(views.body.map((v: { viewer: string }) => v.viewer)).not.toContain('judge-z');
  });

  it('R-RC-4: an amendment prints as the new version, with the corrected content', async () => {
    const id = (await h.call('POST', '/v1/records', { body: recordBody({ enter: true }) })).body.id;
    const amended = await h.call('POST', `/v1/records/${id}/amendments`, {
      body: { reason: '补充记录', changes: { content: '来电要求解除查封，并要求尽快结案' } },
    });
    expect(amended.status, JSON.stringify(amended.body)).toBe(201);
    const t = (await pdf(`/v1/records/${id}/form.pdf`)).text;
    expect(line(t, '版本')).toMatch(/2/);
    expect(t.replace(/\s/g, '')).toContain('并要求尽快结案');
  });

  it('R-RC-6: a malformed id is a bilingual 422 problem naming the field', async () => {
    const res = await h.call('GET', '/v1/records/not-a-uuid/form.pdf');
    expect(res.status).toBe(422);
    expect(res.type).toContain('application/problem+json');
    expect(res.body.errors[0].path).toBe('params.id');
    expect(res.body.message.zh).toBeTruthy();
    expect(res.body.message.en).toBeTruthy();
  });
});

describe('the filing form as a PDF (Art 7)', () => {
  const route = filingBody();
  /** Materials from 孙某 of 某市某委, received by the clerk; their id. */
  const received = async (over: Record<string, unknown>) =>
    (
      await h.call('POST', '/v1/materials', {
        as: clerk,
        body: materialBody({ sender: { name: '孙某', unit: '某市某委', position: '副主任' }, ...over }),
      })
    ).body.id;
  it('R-TR-2: filing-form.pdf prints the filing number, the sender, the route set and each hop passed', async () => {
    const id = await received({
      caseNumber: '(2026)吉0102民初5555号',
      description: '某局转来的函件一份，附当事人材料',
      form: 'official-letter',
    });
    // No filing form before trial management registers the materials.
    const early = await h.call('GET', `/v1/materials/${id}/filing-form.pdf`, { as: clerk });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('not-registered');
    expect(early.body.message.zh).toContain('备案');
    const filed = await h.call('POST', `/v1/materials/${id}/filing`, { as: tm, body: route });
    expect(filed.status, JSON.stringify(filed.body)).toBe(200);
    await h.call('POST', `/v1/materials/${id}/transfers`, {
      as: tm,
      body: { hop: 'trial-department', to: 'civil-clerk' },
    });
    const r = await pdf(`/v1/materials/${id}/filing-form.pdf`, clerk);
    expect(r.status).toBe(200);
    const t = r.text;
    expect(t).toContain('外部领导干部过问案件备案表');
    expect(line(t, '备案编号')).toContain(filed.body.filingNumber);
    expect(line(t, '案号')).toContain('(2026)吉0102民初5555号');
    expect(line(t, '过问人姓名')).toContain('孙某');
    expect(line(t, '所在单位')).toContain('某市某委');
    expect(line(t, '形式')).toContain('函');
    expect(line(t, '登记人')).toContain('tm-1');
    expect(line(t, '分管院长')).toContain('vp-1');
    expect(line(t, '庭（处）长')).toContain('dh-1');
    expect(t).toMatch(/\n\s*案件承办人\s+judge-a/);
    // The hop passed so far, and the next level still owed.
    expect(t).toMatch(/审判（执行）部门\s+tm-1\s+civil-clerk/);
    expect(t).toContain('下一层级：分管院长');
  });

  it('R-TR-1: someone outside the materials’ court gets 404, not the form', async () => {
    const id = await received({ caseNumber: '(2026)吉0102民初5556号', description: '函件', form: 'letter' });
    await h.call('POST', `/v1/materials/${id}/filing`, { as: tm, body: route });
    const r = await pdf(`/v1/materials/${id}/filing-form.pdf`, { ...tm, court: 'JL-CC-KC' });
    expect(r.status).toBe(404);
    expect(r.type).toContain('application/problem+json');
  });
});
