import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { waitFor } from '@jir/testing';
import { manualShot, shot, webSystemForThisFile } from './harness.js';
import { officeTelephoneRecordBody } from './office-record-body.js';

// Part 2 (issue 17) in the browser: the court office, trial management and reports against the
// real intake, deadline monitor and reporting services.
const w = webSystemForThisFile();

const signIn = (user: string, path = '/'): Promise<Page> => w.signIn(user, path);

async function intake(user: string, method: string, path: string, body?: unknown) {
  const r = await w.call(user, 'intake', method, path, body);
  return { status: r.status, body: r.body as Record<string, unknown> };
}

/** A telephone record of judge-a, received at `receivedAt` (Beijing time). */
function telephoneRecord(
  caseNumber: string,
  receivedAt: string,
  enter: boolean,
  specialItems: string[] = [],
  handler = 'judge-a',
  extra: Record<string, unknown> = {},
) {
  return intake(
    handler,
    'POST',
    '/v1/records',
    officeTelephoneRecordBody(caseNumber, receivedAt, { specialItems, enter, ...extra }),
  );
}

/** Reads 待办 again until the item `key` is there (or gone): the page reads its sources once. */
async function todoHolds(page: Page, key: string, present: boolean, what: string) {
  let n = -1;
  try {
    await waitFor(
      async () => {
        await page.goto(`${w.web}/`);
        await page.getByTestId('todo').waitFor();
        n = await page.locator(`[data-todo-key="${key}"]`).count();
        return n > 0 === present || undefined;
      },
      { timeoutMs: 90_000, intervalMs: 1000, what },
    );
  } catch (e) {
    // What 待办 showed instead, to tell a missing item from a source that could not be read.
    await shot(page, `failed-todo-${key.replace(/\W/g, '-')}`);
    throw new Error(
      `${String(e)}: ${n} items ${key}; 待办 read: ${await page.getByTestId('todo').innerText()}`,
      { cause: e },
    );
  }
}

async function passOn(user: string, id: string, stage: string) {
  const page = await signIn(user, `/materials/${id}`);
  await page.getByTestId('material-chain').waitFor();
  // Wait for the service's answer to the transfer itself, so a refusal fails with its
  // cause rather than as a stage that never appears. A busy machine (every browser test
  // file with its own four services) can answer a first attempt 503; a clerk would press
  // again, and so does the test, once.
  for (let attempt = 1; ; attempt++) {
    const answered = page.waitForResponse(
      (r) => r.url().includes(`/materials/${id}/transfers`) && r.request().method() === 'POST',
      { timeout: 90_000 },
    );
    await page.getByTestId('pass-on-button').click();
    const res = await answered;
    if (res.ok()) break;
    if (attempt >= 2 || res.status() < 500) expect(`${res.status()} ${await res.text()}`).toBe('2xx');
    await page.reload();
    await page.getByTestId('material-chain').waitFor();
  }
  // The stage exactly as it must now read: the next level and its new holder. (A part of it, such
  // as the next level alone, can also match the stage before the transfer, so a wrong expectation
  // passed whenever the check ran before the page had shown the answer, and failed otherwise.)
  await expect.poll(() => page.getByTestId('material-stage').innerText(), { timeout: 90_000 }).toBe(stage);
  return page;
}

describe('the court office in the browser (issue 17)', () => {
  it('R-TR-1, R-TR-2, R-TR-3: materials registered by the clerk, filed by trial management, passed level by level to the handler; a skipped level is refused and shown to trial management', async () => {
    const clerk = await signIn('clerk-a', '/materials');
    await clerk.getByTestId('receive-materials').waitFor();
    // What waits for the clerk comes first; the registration form after it.
    const [listBox, formBox] = await Promise.all([
      clerk.getByTestId('materials-list').boundingBox(),
      clerk.getByTestId('receive-materials').boundingBox(),
    ]);
    expect(listBox!.y).toBeLessThan(formBox!.y);
    await clerk.getByLabel('案号', { exact: true }).fill('(2026)吉0102民初77号');
    await clerk.getByLabel('材料形式').click();
    await clerk
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '信件' })
      .first()
      .click();
    await clerk.getByLabel('转递人姓名').fill('陈某');
    await clerk.getByLabel('转递人单位').fill('某县政府');
    await clerk.getByLabel('转递人职务').fill('办公室主任');
    await clerk.getByLabel('接收时间（北京时间）').click();
    await clerk.getByLabel('接收时间（北京时间）').fill('2026-11-27 09:30');
    await clerk.keyboard.press('Enter');
    await clerk.getByLabel('材料内容摘要').fill('来信请求关照某民事案件当事人');
    // A bad input first: no description is refused beside its field, nothing is registered.
    await clerk.getByLabel('材料内容摘要').fill('');
    await clerk.getByRole('button', { name: '登记接收' }).click();
    await clerk.getByTestId('problem').waitFor();
    expect(
      await clerk.locator('#description_help, .ant-form-item-explain-error').first().innerText(),
    ).not.toBe('');
    await clerk.getByLabel('材料内容摘要').fill('来信请求关照某民事案件当事人');
    await clerk.getByRole('button', { name: '登记接收' }).click();
    await clerk.getByTestId('material-received').waitFor();
    const id = clerk.url().split('/materials/')[1]!;
    expect(await clerk.getByTestId('material-stage').innerText()).toBe('待审判管理部门登记备案');
    await shot(clerk, 'p2-01-materials-received');
    await clerk.close();

    const tm = await signIn('tm-a', `/materials/${id}`);
    const filing = tm.getByTestId('filing-form');
    for (const [label, v] of [
      ['审判(执行)部门', '民事审判第一庭'],
      ['部门接收人', 'judge-b'],
      ['分管院长', 'vp-a'],
      ['庭(处)长', 'head-civil-1'],
      ['案件承办人', 'judge-a'],
    ] as const)
      await filing.getByLabel(label, { exact: true }).fill(v);
    await filing.getByRole('button', { name: '登记备案' }).click();
    await tm.getByTestId('filing-sheet').waitFor();
    expect(await tm.getByTestId('filing-sheet').innerText()).toContain('备〔2026〕JL-CC-NG-');
    await shot(tm, 'p2-02-filing-form');
    await tm.getByTestId('filing-sheet').scrollIntoViewIfNeeded();
    await manualShot(tm, 'office-filing-form');
    await tm.getByTestId('pass-on-button').click();
    await expect
      .poll(() => tm.getByTestId('material-stage').innerText(), { timeout: 90_000 })
      .toBe('待递转至分管院长（当前持有人 judge-b）');
    await tm.close();

    // The department's receiver tries to skip the vice-president: the service refuses and records it.
    const skip = await intake('judge-b', 'POST', `/v1/materials/${id}/transfers`, {
      hop: 'division-head',
      to: 'head-civil-1',
    });
    expect([skip.status, skip.body['code']]).toEqual([422, 'level-skipped']);

    await (await passOn('judge-b', id, '待递转至庭(处)长（当前持有人 vp-a）')).close();
    // The division head may not act before the vice-president: no button is offered to them.
    const early = await signIn('head-civil-1', `/materials/${id}`);
    await early.getByTestId('material-chain').waitFor();
    expect(await early.getByTestId('pass-on').count()).toBe(0);
    await early.close();
    await (await passOn('vp-a', id, '待递转至案件承办人（当前持有人 head-civil-1）')).close();
    await (await passOn('head-civil-1', id, '已递转至案件承办人（judge-a）')).close();

    const handler = await signIn('judge-a', `/materials/${id}`);
    await handler.getByTestId('material-chain').waitFor();
    await shot(handler, 'p2-03-materials-delivered');
    await handler.getByTestId('record-from-materials').click();
    await handler.waitForURL(/\/records\/new\?caseNumber=.*materials=/);
    // The record made from the materials links back to them, their chain and filing form.
    const fromMaterials = await telephoneRecord(
      '(2026)吉0102民初77号',
      '2026-11-27T09:30:00+08:00',
      true,
      [],
      'judge-a',
      { materialId: id },
    );
    expect(fromMaterials.status, JSON.stringify(fromMaterials.body)).toBe(201);
    await handler.goto(`${w.web}/records/${String(fromMaterials.body['id'])}`);
    await handler.getByTestId('record-material').click();
    await handler.waitForURL(`${w.web}/materials/${id}`);
    await handler.getByTestId('material-chain').waitFor();
    await handler.close();

    const tm2 = await signIn('tm-a', '/materials');
    const refused = tm2.getByTestId('refused-attempts');
    await refused.getByText('level-skipped').waitFor();
    expect(await refused.innerText()).toContain('judge-b');
    await shot(tm2, 'p2-04-refused-attempts');
    await tm2.close();
  });

  it('R-DL-5: trial management sees a breached entry deadline on the board, by handler, and opens the record timeline', async () => {
    const late = await telephoneRecord('(2026)吉0102民初88号', '2026-11-02T10:00:00+08:00', false);
    expect(late.status).toBe(201);
    const recordId = String(late.body['id']);
    const tm = await signIn('tm-a', '/deadlines');
    const breached = tm.getByTestId('bucket-breached');
    await waitFor(
      async () => {
        await tm.getByTestId('board-refresh').click();
        await tm.getByTestId('deadlines-board').locator('.ant-spin-spinning').waitFor({ state: 'detached' });
        return (
          Number((await breached.locator('.ant-statistic-content-value').innerText()).trim()) > 0 || undefined
        );
      },
      { timeoutMs: 30_000, what: 'the breach on the board' },
    );
    await tm.getByText('按承办人').click();
    await tm.getByRole('cell', { name: 'judge-a' }).first().waitFor();
    await shot(tm, 'p2-05-deadlines-board');
    await manualShot(tm, 'office-deadlines-board');
    await breached.click();
    await tm.locator(`a[href="/deadlines/records/${recordId}"]`).first().click();
    const timeline = tm.getByTestId('record-timeline');
    await timeline.getByText('超过期限（违反）').first().waitFor();
    expect(await timeline.innerText()).toContain('(2026)吉0102民初88号');
    await shot(tm, 'p2-06-record-timeline');
    await tm.close();
  });

  it('R-RP-1: the statistician generates the quarter in progress (provisional), sees it as charts and tables, and downloads Excel and JSON', async () => {
    for (const [n, at, items] of [
      ['91', '2026-10-15T10:00:00+08:00', ['SR10']],
      ['92', '2026-11-20T10:00:00+08:00', []],
    ] as const)
      expect((await telephoneRecord(`(2026)吉0102民初${n}号`, at, true, [...items])).status).toBe(201);
    const stat = await signIn('stat-a', '/reports');
    // The reporting read model follows intake's events: generate once both records are in it.
    let total = 0;
    await waitFor(
      async () => {
        await stat.goto(`${w.web}/reports`);
        await stat.getByTestId('generate').click();
        await stat.getByTestId('report').waitFor();
        total = Number(await stat.getByTestId('report-total').innerText());
        return total >= 2 || undefined;
      },
      { timeoutMs: 30_000, what: 'a report with both records' },
    );
    await stat.getByTestId('provisional').waitFor();
    // The provisional tag is shown whole: not cut by the header's edge, not under a button.
    const tag = (await stat.getByTestId('provisional').boundingBox())!;
    const header = (await stat.locator('.ant-card-head').first().boundingBox())!;
    expect(tag.x + tag.width).toBeLessThanOrEqual(header.x + header.width);
    expect(await stat.getByTestId('provisional').evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
    for (const button of ['download-pdf', 'download-excel', 'download-json', 'verify-report']) {
      const b = (await stat.getByTestId(button).boundingBox())!;
      const apart =
        b.x >= tag.x + tag.width ||
        b.x + b.width <= tag.x ||
        b.y >= tag.y + tag.height ||
        b.y + b.height <= tag.y;
      expect(apart, button).toBe(true);
    }
    const charts = stat.getByTestId('report-charts');
    for (const c of ['special-items', 'kinds', 'unit-types', 'forms', 'months', 'timeliness'])
      await charts.getByTestId(`chart-${c}`).locator('canvas').waitFor();
    await shot(stat, 'p2-07-report-charts');
    await manualShot(stat, 'office-report-charts');

    const download = stat.waitForEvent('download');
    await stat.getByTestId('download-excel').click();
    const xlsx = await (await download).path();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(xlsx) as never);
    const summary = wb.getWorksheet('概况')!;
    expect(summary.getCell('B7').value).toBe(total);
    const byForm = wb.getWorksheet('过问方式')!.getSheetValues();
    const telephone = byForm.find(
      (row): row is ExcelJS.CellValue[] => Array.isArray(row) && row[1] === '电话',
    );
    expect(telephone?.[2]).toBeGreaterThanOrEqual(2);

    const json = stat.waitForEvent('download');
    await stat.getByTestId('download-json').click();
    const report = JSON.parse(readFileSync(await (await json).path(), 'utf8')) as Record<string, unknown>;
    expect(report['totals']).toMatchObject({ records: total });
    expect(report['digest']).toMatch(/^[0-9a-f]{64}$/);

    await stat.getByTestId('verify-report').click();
    expect(await stat.getByTestId('verification').innerText()).toContain('签名有效');
    await stat.getByRole('tab', { name: '数据表' }).click();
    await stat.getByText('过问人类别').first().waitFor();
    await shot(stat, 'p2-08-report-tables');
    await stat.close();
  });

  it('R-AB-1: trial management records a ledger entry citing the staff member’s breached deadline as evidence, with the suggested sanction', async () => {
    const late = await telephoneRecord(
      '(2026)吉0102民初99号',
      '2026-11-03T10:00:00+08:00',
      false,
      [],
      'judge-b',
    );
    expect(late.status).toBe(201);
    const tm = await signIn('tm-a', '/ledger');
    await tm.getByLabel('责任人（系统账号）').fill('judge-b');
    await tm.getByLabel('违规情形').click();
    await tm
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '应记录而未记录' })
      .click();
    await tm.getByLabel('查明的事实').fill('收到过问后未在两个工作日内录入');
    // The monitor breaches the entry deadline within moments; the form offers it once it has.
    await waitFor(
      async () => {
        await tm.getByLabel('责任人（系统账号）').fill('');
        await tm.getByLabel('责任人（系统账号）').fill('judge-b');
        return (await tm.getByTestId('ledger-breaches').count()) > 0 || undefined;
      },
      { timeoutMs: 30_000, what: 'the breach offered as evidence' },
    );
    // The breach waits in trial management's 待办 until a ledger entry cites it.
    const breachId = await tm
      .getByTestId('ledger-breaches')
      .locator('input[type=checkbox]')
      .first()
      .getAttribute('value');
    const todo = await signIn('tm-a');
    await todoHolds(todo, `breach:${breachId}`, true, 'the breach in trial management’s 待办');
    await shot(todo, 'p2-09a-todo-breach');
    await tm.getByTestId('ledger-breaches').locator('input[type=checkbox]').first().check();
    await tm.getByRole('button', { name: '登 记' }).click();
    const row = tm.getByRole('row', { name: /judge-b/ });
    await row.getByText('期限违反').first().waitFor();
    expect(await row.first().innerText()).toContain('应记录而未记录');
    await shot(tm, 'p2-09-ledger');
    await manualShot(tm, 'office-ledger');
    await todoHolds(todo, `breach:${breachId}`, false, 'the cited breach gone from 待办');
    await todo.close();
    await tm.close();
  });

  it('R-PV-2, R-AC-2, R-EV-3: the auditor verifies the audit chain and reads the signed head; IT is offered no records and cannot open one, and checks the evidence store instead', async () => {
    const rec = await telephoneRecord('(2026)吉0102民初100号', '2026-11-27T10:00:00+08:00', true);
    const auditor = await signIn('auditor-a', '/audit');
    await auditor.getByTestId('verify-audit').click();
    expect(await auditor.getByTestId('audit-result').innerText()).toContain('审计链完整');
    await auditor.getByTestId('audit-head').click();
    await auditor.getByTestId('audit-head-card').waitFor();
    await shot(auditor, 'p2-10-audit');
    await auditor.close();
    const it = await signIn('it-a');
    expect(await it.locator('.ant-menu').innerText()).not.toContain('过问记录');
    await it.goto(`${w.web}/records/${String(rec.body['id'])}`);
    await it.getByText('记录不存在，或您无权查看').waitFor();
    await shot(it, 'p2-11-it-no-record');
    // What IT may do instead: check the store's digests and reconcile it, with no content shown.
    await it.goto(`${w.web}/store-integrity`);
    await it.getByRole('button', { name: '校验全部证据摘要' }).click();
    await it.getByText(/已校验 \d+ 件，全部一致/).waitFor();
    await it.getByRole('button', { name: '存储对账' }).click();
    await it.getByText('无登记的对象').waitFor();
    await shot(it, 'p2-12-store-integrity');
    await it.close();
  });

  it('R-AC-1: what a role may not do is not offered: the handler has no board and no reports, the clerk no board', async () => {
    const handler = await signIn('judge-a');
    const nav = await handler.locator('.ant-menu').innerText();
    expect(nav).not.toContain('期限看板');
    expect(nav).not.toContain('季度报告');
    await handler.close();
    const clerk = await signIn('clerk-a');
    const clerkNav = await clerk.locator('.ant-menu').innerText();
    expect(clerkNav).toContain('过问材料');
    expect(clerkNav).not.toContain('期限看板');
    await clerk.close();
  });
});
