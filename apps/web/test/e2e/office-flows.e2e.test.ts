import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { waitFor } from '@jir/testing';
import { OUT, manualShot, pick, shot, webSystemForThisFile } from './harness.js';
import { officeTelephoneRecordBody } from './office-record-body.js';

// Part 2's remaining flows in the browser against the real services: a report sent and
// acknowledged by the court above, the holiday calendar with its preview, compliance,
// declarations, complaints, identities, sample draws and the staff directory. Each test makes the
// data it looks at (its own case numbers and names), so none depends on another's.
const w = webSystemForThisFile();

/** The row of the list `testId` that opens `href`: a list's rows are told apart by what they link to. */
const rowLinkingTo = (page: Page, testId: string, href: string) =>
  page.getByTestId(testId).locator('tr', { has: page.locator(`a[href="${href}"]`) });

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

/** A telephone record of `handler` made through the API, where the browser is not what the test is about. */
async function telephoneRecord(
  caseNumber: string,
  over: Record<string, unknown> = {},
  handler = 'judge-a',
): Promise<{ id: string }> {
  // One instant for both: two calls of ago() a millisecond apart put the call after its receipt.
  const anHourAgo = ago(3600_000);
  const r = await w.call(
    handler,
    'intake',
    'POST',
    '/v1/records',
    officeTelephoneRecordBody(caseNumber, anHourAgo, { enter: true, ...over }),
  );
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string };
}

/** A demo user's page; a loaded shared machine may take longer than playwright's 30 s. */
async function signIn(user: string, path?: string): Promise<Page> {
  const page = await w.signIn(user, path);
  page.setDefaultTimeout(60_000);
  return page;
}

describe('part 2 flows in the browser', () => {
  it('R-RP-2, R-RP-3: the statistician sends a past quarter’s report from its page; the court above finds it in its inbox and acknowledges it; the sender sees it delivered', async () => {
    const stat = await signIn('stat-a', '/reports');
    await stat.getByTestId('generate-report').getByLabel('季度').fill('2026-Q3');
    await stat.getByTestId('generate').click();
    await stat.getByTestId('report').waitFor();
    const reportId = stat.url().split('/reports/')[1]!;
    await stat.getByRole('tab', { name: '报送' }).click();
    const deliveries = stat.getByTestId('report-deliveries');
    expect(await deliveries.innerText()).toContain('未报送');
    await stat.getByTestId('send-report').click();
    // The reporting service delivers to this deployment's inbox within its idle interval.
    await waitFor(
      async () => {
        await stat.getByTestId('deliveries-refresh').click();
        const cell = stat.getByTestId('delivery-JL-CC');
        return (await cell.count()) > 0 && (await cell.innerText()).includes('已送达') ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 1000, what: 'the delivery to JL-CC shown as delivered' },
    );
    expect(await stat.getByTestId('delivery-JL-CC').innerText()).toContain('本系统收件箱');
    await shot(stat, 'p2-20-report-sent');
    await manualShot(stat, 'office-report-sent');
    await stat.close();

    const above = await signIn('tm-cc', '/inbox');
    const row = rowLinkingTo(above, 'received-documents', `/reports/${reportId}`);
    await row.waitFor();
    // Courts by name, as on every page, with the code beside it.
    expect(await row.innerText()).toContain('长春市南关区人民法院（JL-CC-NG）');
    expect(await row.innerText()).toContain('2026-Q3');
    await row.getByTestId('acknowledge').click();
    await row.getByTestId('acknowledged').waitFor();
    expect(await row.getByTestId('acknowledged').innerText()).toContain('tm-cc');
    // Read again from the service: the acknowledgement is stored, not only shown.
    await above.getByTestId('inbox-refresh').click();
    await row.getByTestId('acknowledged').waitFor();
    // The roll-up is the reporting service's (GET /v1/rollup): the court's own records and the
    // report received from below, with the courts that sent nothing named.
    await above.getByRole('button', { name: '汇总 2026-Q3' }).click();
    const rollUp = above.getByTestId('roll-up');
    await rollUp.locator(`a[href="/reports/${reportId}"]`).waitFor();
    expect(await rollUp.innerText()).toContain('长春市南关区人民法院（JL-CC-NG）');
    await rollUp.getByTestId('roll-up-missing').waitFor();
    await shot(above, 'p2-21-inbox-acknowledged');
    await manualShot(above, 'office-inbox');
    await above.close();
    const inbox = await w.call('tm-cc', 'reporting', 'GET', '/v1/inbox?recipient=JL-CC');
    const item = (inbox.body.items as { documentId: string; acknowledgedBy: string | null }[]).find(
      (i) => i.documentId === reportId,
    );
    expect(item?.acknowledgedBy).toBe('tm-cc');
  });

  it('R-RP-2: a provisional report (quarter in progress) is not offered for sending', async () => {
    const stat = await signIn('stat-a', '/reports');
    await stat.getByTestId('generate').click();
    await stat.getByTestId('provisional').waitFor();
    await stat.getByRole('tab', { name: '报送' }).click();
    expect(await stat.getByTestId('send-report').isDisabled()).toBe(true);
    await stat.getByText('临时报告（季度尚未结束）不能报送').waitFor();
    await stat.close();
  });

  it('R-DL-3: the reporting hub’s trial management previews a holiday calendar before loading it: each court’s duties that would move are counted, the preview can be cancelled and nothing is loaded', async () => {
    // Only the preview here: the load, which moves every court's deadlines in the shared system,
    // stays with the deadline monitor's own tests (calendar-preview.int.test.ts loads what it
    // previewed and compares).
    // A record of the district court below: its copy to trial management is due within days.
    const below = await telephoneRecord('(2026)吉0102民初831号');
    await waitFor(
      async () => {
        const duties = await w.call('judge-a', 'deadlines', 'GET', `/v1/obligations?recordId=${below.id}`);
        return duties.body?.items?.some((o: { state: string }) => o.state === 'pending') ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: 'the record’s open copy duty in the deadline monitor' },
    );
    // This year's arrangement as in force, with every remaining day of the year a holiday besides:
    // every open duty due this year moves (into a year no calendar covers yet).
    const year = new Date().getFullYear();
    const inForce = await w.call('tm-cc', 'deadlines', 'GET', `/v1/calendar/${year}`);
    expect(inForce.status).toBe(200);
    const rest: string[] = [];
    for (let t = Date.now(); new Date(t).getFullYear() === year; t += 86_400_000)
      rest.push(new Date(t).toISOString().slice(0, 10));
    const makeUp = inForce.body.makeUpWorkdays as string[];
    const holidays = [...new Set([...(inForce.body.holidays as string[]), ...rest])].filter(
      (d) => d.startsWith(`${year}-`) && !makeUp.includes(d),
    );
    // The reporting hub's trial management (the intermediate court's) loads it for every court.
    const tm = await signIn('tm-cc', '/calendar');
    await tm.getByLabel('年份').fill(String(year));
    await tm.getByLabel('法定节假日（含假期中的周末）').fill(holidays.join('\n'));
    await tm.getByLabel('调休上班日').fill(makeUp.join('\n'));
    await tm.getByRole('button', { name: '预览影响并导入' }).click();
    const dialog = tm.locator('.ant-modal:visible');
    await dialog.getByText('确认导入节假日安排').waitFor();
    // The district court's duties are counted for the hub, which may not read them one by one.
    const total = dialog.getByTestId('calendar-preview-total');
    await total.waitFor();
    expect(await total.innerText()).toMatch(
      /将重算 \d+ 项未完成期限的截止日期：.*长春市南关区人民法院（JL-CC-NG） \d+ 项/,
    );
    await shot(tm, 'p2-22-calendar-preview');
    await manualShot(tm, 'office-calendar-preview');
    await dialog.getByRole('button', { name: /^取\s*消$/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await tm.close();
    const held = await w.call('tm-cc', 'deadlines', 'GET', `/v1/calendar/${year}`);
    expect(held.body?.source).toBe(inForce.body.source);
    expect(held.body?.holidays).toEqual(inForce.body.holidays);
  });

  it('R-RP-5: trial management sees the court’s compliance with a breached entry deadline, and the circulation names the court', async () => {
    const late = await telephoneRecord(
      '(2026)吉0102民初801号',
      { receivedAt: '2026-11-02T10:00:00+08:00', communicatedAt: '2026-11-02T10:00:00+08:00', enter: false },
      'judge-b',
    );
    expect(late.id).toBeTruthy();
    const tm = await signIn('tm-a', '/compliance');
    const row = tm.locator('tr', { hasText: 'JL-CC-NG' }).first();
    // The monitor breaches the entry deadline within moments of the record; the page reads it again.
    await waitFor(
      async () => {
        await tm.getByRole('button', { name: /^查\s*询$/ }).click();
        await row.waitFor();
        const cells = await row.locator('td').allInnerTexts();
        return Number(cells[5]) > 0 ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 1500, what: 'a breach counted for JL-CC-NG' },
    );
    const circulation = await tm.getByTestId('circulation').innerText();
    expect(circulation).toContain('通报');
    expect(circulation).toMatch(/共违反期限 [1-9]\d* 次/);
    await shot(tm, 'p2-23-compliance');
    await manualShot(tm, 'office-compliance');
    await tm.close();
  });

  it('R-BX-1: a handler declares a quarter with nothing to record, and the report lists the declaration', async () => {
    const judge = await signIn('judge-b', '/declarations');
    // Exactly: the choices below (本季度…) are labelled with the word too.
    await judge.getByLabel('季度', { exact: true }).fill('2026-Q2');
    await judge.getByText('本季度没有需要记录的过问').click();
    await judge.getByRole('button', { name: '提交申报' }).click();
    await judge.getByTestId('declared').waitFor();
    expect(await judge.getByTestId('declared').innerText()).toContain('2026-Q2：本季度无过问事项');
    await shot(judge, 'p2-24-declared');
    await judge.close();

    const tm = await signIn('tm-a', '/reports');
    await tm.getByTestId('generate-report').getByLabel('季度').fill('2026-Q2');
    await tm.getByTestId('generate').click();
    await tm.getByTestId('report').waitFor();
    await tm.getByRole('tab', { name: '申报情况' }).click();
    const declared = tm.locator('tr', { hasText: 'judge-b' }).first();
    await declared.waitFor();
    expect(await declared.innerText()).toContain('本季度无过问事项');
    await shot(tm, 'p2-25-declarations-in-report');
    await tm.close();
  });

  it('R-AB-2: a retaliation complaint is seen by the complainant and the court above’s designated person, who acts on it, and not by the complainant’s own court', async () => {
    const against = `某庭庭长甲${Date.now()}`;
    const judge = await signIn('judge-a', '/complaints');
    await judge.getByLabel('被控告人及其单位、职务').fill(against);
    await judge.getByLabel('事实经过').fill('因如实记录过问情况被调离审判岗位');
    await judge.getByRole('button', { name: '提交控告' }).click();
    await judge.getByText(/控告已提交，由 JL-CC 受理/).waitFor();
    await judge.getByText(`控告 ${against}`).waitFor();
    await shot(judge, 'p2-26-complaint-filed');
    await judge.close();

    // The complainant's own court's designated person (discipline inspection, Art 12) does not see it.
    const own = await signIn('auditor-a', '/complaints');
    await own.getByText('本院受理的控告').waitFor();
    await own.locator('.ant-list').waitFor();
    await own.locator('.ant-spin-spinning').waitFor({ state: 'detached' });
    expect(await own.getByText(`控告 ${against}`).count()).toBe(0);
    await own.close();

    const above = await signIn('auditor-cc', '/complaints');
    const item = above.locator('.ant-list-item', { hasText: against });
    await item.waitFor();
    await item.getByLabel('处理说明').fill('已报告政法委督办');
    await item.getByRole('button', { name: /^报告/ }).click();
    await item.getByText(/已报告政法委督办/).waitFor();
    await shot(above, 'p2-27-complaint-handled');
    await manualShot(above, 'office-complaints');
    await above.close();
  });

  it('R-AB-1, R-RP-1: the same interferer across records is one identity; trial management merges a second spelling of the unit into it, with a reason', async () => {
    const name = `欧阳${Date.now() % 100000}`;
    const person = (unit: string) => ({
      name,
      unit,
      position: '主任',
      unitType: 'administrative-organ',
      kind: 'leading-cadre',
    });
    await telephoneRecord('(2026)吉0102民初811号', { interferer: person('某市发改委') });
    await telephoneRecord('(2026)吉0102民初812号', { interferer: person('某市发改委') }, 'judge-b');
    await telephoneRecord('(2026)吉0102民初813号', { interferer: person('某市发展和改革委员会') });
    const tm = await signIn('tm-a', '/identities');
    await tm.getByLabel('姓名或单位').fill(name);
    await tm.getByRole('button', { name: /^查\s*找$/ }).click();
    // The list alone: the opened identity's card has a table of its records too.
    const rows = tm.getByTestId('identity-list').locator('.ant-table-row');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(2);
    await rows.filter({ hasText: '某市发展和改革委员会' }).click();
    await tm.getByText('(2026)吉0102民初813号').waitFor();
    await pick(tm, '并入（同一人）', '某市发改委');
    await tm.getByLabel('理由').fill('同一人，单位简称与全称');
    await tm.getByRole('button', { name: /^合\s*并$/ }).click();
    // The merged identity opens with all three records.
    for (const n of ['811', '812', '813']) await tm.getByText(`(2026)吉0102民初${n}号`).waitFor();
    await tm.getByRole('button', { name: /^查\s*找$/ }).click();
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(1);
    expect(await rows.first().innerText()).toContain('3');
    await shot(tm, 'p2-28-identities');
    await manualShot(tm, 'office-identities');
    await tm.close();
  });

  it('R-BX-3: trial management draws an ended quarter’s sample, the list shows it with its progress; the division head finds it in 待办 and confirms it in the browser', async () => {
    // A quarter is drawn once it has ended (intake refuses before), once per court: the third
    // quarter, which no other browser test draws.
    const inQ3 = '2026-08-20T10:00:00+08:00';
    await telephoneRecord('(2026)吉0102民初821号', { receivedAt: inQ3, communicatedAt: inQ3 });
    const tm = await signIn('tm-a', '/sampling');
    await tm.getByLabel('季度', { exact: true }).fill('2026-Q3');
    await tm.getByLabel('比例（%）').fill('100');
    await tm.getByRole('button', { name: /^抽\s*取$/ }).click();
    // The draw's page, or the service's refusal as the page shows it (a failure then says why).
    await Promise.race([
      tm.waitForURL(/\/sampling\/[0-9a-f-]{36}$/),
      tm
        .getByTestId('problem')
        .waitFor()
        .then(async () => expect.fail(`draw refused: ${await tm.getByTestId('problem').innerText()}`)),
    ]);
    const drawId = tm.url().split('/sampling/')[1]!;
    await tm.getByText('(2026)吉0102民初821号').waitFor();
    const listed = rowLinkingTo(tm, 'sample-draws', `/sampling/${drawId}`);
    await listed.waitFor();
    expect(await listed.innerText()).toContain('100%');
    expect(await listed.innerText()).toMatch(/待核实 \d+/);
    await tm.close();

    // The division head may verify but not read the draw: 待办 tells them what waits, and the
    // sampling page offers it to confirm (R-BX-3).
    const head = await signIn('head-civil-1');
    const waiting = head.getByTestId('todo-item').filter({ hasText: '(2026)吉0102民初821号' });
    await expect.poll(() => waiting.count(), { timeout: 30_000 }).toBe(1);
    expect(await waiting.innerText()).toContain('抽查待核实');
    await waiting.getByRole('link').click();
    await head.waitForURL(/\/sampling$/);
    const item = head.getByTestId('samples-awaiting-me').locator('tr', { hasText: '(2026)吉0102民初821号' });
    await item.waitFor();
    expect(await item.innerText()).toContain('本庭(处)长');
    await item.getByLabel('核实说明').fill('与卷宗一致');
    await shot(head, 'p2-29-sample-awaiting-head');
    await item.getByRole('button', { name: /^属\s*实$/ }).click();
    await expect.poll(() => item.count(), { timeout: 20_000 }).toBe(0);
    await head.close();

    const again = await signIn('tm-a', '/sampling');
    const row = rowLinkingTo(again, 'sample-draws', `/sampling/${drawId}`);
    await row.waitFor();
    expect(await row.innerText()).toContain('属实 1');
    await shot(again, 'p2-29-sample-draws');
    await manualShot(again, 'office-sampling');
    await again.close();
  });

  it('R-AC-1, R-RC-3: trial management loads the staff directory from a CSV file; the information form then offers the court’s staff as persons present by name', async () => {
    // Everyone the other tests act as, with their real roles: a directory, once loaded, is enforced.
    const csv = [
      '工号,姓名,部门,角色',
      'judge-a,张法官,civil-1,case-handler',
      'judge-b,李法官,civil-1,case-handler',
      'head-civil-1,王庭长,civil-1,division-head',
      'vp-a,赵副院长,civil-1,vice-president',
      'clerk-a,钱干事,filing,receiving-clerk',
      'tm-a,孙科长,trial-management,trial-management',
      'stat-a,周统计员,,statistician',
      'it-a,吴工程师,,it-admin',
      'auditor-a,郑监察员,,auditor',
    ].join('\n');
    const file = join(OUT, 'staff-directory.csv');
    writeFileSync(file, `\uFEFF${csv}\n`);
    const tm = await signIn('tm-a', '/staff');
    await tm.locator('input[type=file]').setInputFiles(file);
    await tm.getByText(/已导入：新增 \d+ 人/).waitFor();
    await tm.getByLabel('姓名或工号').fill('李法官');
    await tm.getByRole('button', { name: /^查\s*找$/ }).click();
    await tm.getByTestId('staff-directory').getByRole('cell', { name: 'judge-b' }).waitFor();
    await shot(tm, 'p2-30-staff');
    await manualShot(tm, 'office-staff');
    await tm.close();

    const judge = await signIn('judge-a', '/records/new');
    await pick(judge, '过问方式', '当面口头');
    const picker = judge.getByLabel('在场的本院工作人员（工号，须本人确认）');
    await picker.click();
    await picker.fill('judge');
    const options = judge.locator('.ant-select-dropdown:visible .ant-select-item-option');
    await options.filter({ hasText: '李法官' }).waitFor();
    // Found by id as well as by name; the handler is not offered as present at their own interference.
    const offered = await options.allInnerTexts();
    expect(offered.some((o) => o.includes('李法官（judge-b，civil-1）'))).toBe(true);
    expect(offered.some((o) => o.includes('张法官'))).toBe(false);
    await picker.fill('李法');
    const option = options.filter({ hasText: '李法官' });
    await option.waitFor();
    await option.click();
    await judge.keyboard.press('Escape');
    await judge.getByTestId('staff-picker').getByText('李法官（judge-b，civil-1）').waitFor();
    await shot(judge, 'p2-31-persons-present-picker');
    await manualShot(judge, 'form-staff-picker');
    await judge.close();
  });
});
