import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { manualShot, pick, shot, webSystemForThisFile } from './harness.js';
import { fillInterferer, fillTimes } from './record-form.js';

const w = webSystemForThisFile();

const signIn = (user: string) => w.signIn(user);

async function fillRecord(page: Page, o: { caseNumber: string; form: string; content: string }) {
  await page.goto(`${w.web}/records/new`);
  await page.getByLabel('案号', { exact: true }).fill(o.caseNumber);
  await pick(page, '所处阶段', '执行');
  await pick(page, '过问方式', o.form);
  await fillTimes(page, { communicated: '2026-03-03 09:30', received: '2026-03-03 10:00' });
  await fillInterferer(page, {
    name: '王某',
    unit: '某市某局',
    position: '局长',
    unitType: '行政机关',
    kind: '领导干部',
  });
  await page.getByLabel('过问内容').fill(o.content);
  // A call is spoken (R-RC-3): where it was taken, and that nobody else was there, said explicitly.
  if (o.form === '电话') {
    await page.getByLabel('发生场所').fill('办公室（接听电话）');
    await page.getByRole('checkbox', { name: '无其他人在场' }).check();
  }
}

describe('the handler in the browser', () => {
  it('R-AC-1: the dev sign-in lists the demo users and says it is for development only; the handler lands on 待办', async () => {
    const page = await w.browser.newPage({ viewport: { width: 1360, height: 900 } });
    page.setDefaultTimeout(60_000);
    await page.goto(w.web);
    await page.getByText('仅供本地开发使用', { exact: true }).waitFor();
    await shot(page, '01-sign-in');
    await manualShot(page, 'sign-in');
    await page.getByTestId('sign-in-judge-a').click();
    await page.getByTestId('todo').waitFor();
    // What a handler may not do is not offered: no office pages in the navigation.
    const nav = await page.locator('.ant-menu').innerText();
    expect(nav).toContain('填写信息表');
    expect(nav).toContain('帮助');
    await page.close();
    // The empty 待办 as designed, for someone nothing waits for: every browser test file of the
    // run shares one system, so the handler's 待办 holds what other files gave them.
    const idle = await w.signIn('it-a');
    await idle.getByTestId('todo').waitFor();
    await idle.getByText('没有等待您处理的事项').first().waitFor();
    await shot(idle, '02-todo-empty');
    await idle.close();
  });

  it('R-RC-1, R-SR-2: a telephone record is entered at once; the suggested special item is offered, not applied', async () => {
    const page = await signIn('judge-a');
    await fillRecord(page, {
      caseNumber: '(2026)吉0102执1234号',
      form: '电话',
      content: '来电要求对被执行人的财产解除查封',
    });
    await page.getByTestId('special-item-suggestions').waitFor();
    expect(await page.getByRole('checkbox', { name: /SR07/ }).isChecked()).toBe(false);
    await shot(page, '03-record-form');
    await manualShot(page, 'form-suggestion');
    await page.getByRole('button', { name: '采纳' }).click();
    expect(await page.getByRole('checkbox', { name: /SR07/ }).isChecked()).toBe(true);
    await page.getByTestId('save-enter').click();
    await expect.poll(() => page.getByTestId('record-state').innerText(), { timeout: 20_000 }).toBe('已录入');
    await page.getByText('SR07 要求法院对保全标的物').first().waitFor();
    // Entered as Beijing time whatever the browser's zone (the container runs in UTC).
    await page.getByText('2026-03-03 09:30').waitFor();
    await shot(page, '04-record-entered');
    await page.close();
  });

  it('R-RC-1: a validation error from the service is shown in Chinese next to its field', async () => {
    const page = await signIn('judge-a');
    await fillRecord(page, { caseNumber: '吉0102民初1234', form: '电话', content: '请关照一下' });
    await page.getByTestId('save-draft').click();
    const help = page
      .locator('.ant-form-item', { has: page.getByLabel('案号', { exact: true }) })
      .locator('.ant-form-item-explain');
    await expect
      .poll(() => help.innerText(), { timeout: 20_000 })
      .toMatch(/^(?=.*[\u4e00-\u9fff]).*(案号格式应如|正则表达式)/s);
    await expect
      .poll(() => page.getByTestId('problem').innerText(), { timeout: 20_000 })
      .toContain('提交的数据有误');
    await shot(page, '05-validation-error');
    await manualShot(page, 'validation-error');
    await page.close();
  });

  it('R-RC-2, R-EV-2: a WeChat record cannot be entered until a screenshot is uploaded, with a progress bar; 待办 lists the draft until then', async () => {
    const page = await signIn('judge-a');
    await fillRecord(page, {
      caseNumber: '(2026)吉0102民初1088号',
      form: '微信',
      content: '微信要求尽快结案',
    });
    // Wait for intake's answer to the save itself, so a failure says what it answered rather than
    // that the record page never came (under two browser runs at once the page did not come in 60 s).
    const saved = page.waitForResponse(
      (r) => r.url().includes('/api/intake/v1/records') && r.request().method() === 'POST',
      { timeout: 120_000 },
    );
    await page.getByTestId('save-draft').click();
    const answer = await saved;
    expect(answer.status(), await answer.text()).toBe(201);
    await expect.poll(() => page.getByTestId('record-state').innerText(), { timeout: 60_000 }).toBe('草稿');
    await expect
      .poll(() => page.getByTestId('missing-for-entry').innerText(), { timeout: 60_000 })
      .toContain('网络方式过问须至少上传一项证据');
    await expect.poll(() => page.getByTestId('enter-record').isDisabled(), { timeout: 60_000 }).toBe(true);
    const recordUrl = page.url();

    await page.goto(w.web);
    await expect
      .poll(
        () =>
          page
            .getByTestId('todo-item')
            .filter({ hasText: '(2026)吉0102民初1088号' })
            .filter({ hasText: '草稿待录入' })
            .innerText(),
        { timeout: 60_000 },
      )
      .toContain('网络方式过问须至少上传一项证据');
    // Received in March: the deadline monitor has it overdue, with the legal due date. 待办 is read
    // once per visit, so each try reads it again (the monitor may mark the breach after the first).
    await expect
      .poll(
        async () => {
          await page.goto(w.web);
          return page
            .getByTestId('todo-item')
            .filter({ hasText: '(2026)吉0102民初1088号' })
            .filter({ hasText: '录入信息表' })
            .innerText();
        },
        { timeout: 90_000 },
      )
      .toMatch(/已逾期[\s\S]*法定期限 2026-03-05 24 时前/);
    await expect.poll(() => page.getByTestId('todo-count').innerText(), { timeout: 60_000 }).toMatch(/[1-9]/);
    await shot(page, '06-todo-draft');

    await page.goto(recordUrl);
    await page.getByTestId('evidence').waitFor();
    // Slow the upload so the progress bar is seen: 16 MB at 4 MB/s.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 4 * 1024 * 1024,
    });
    const file = join(tmpdir(), `wechat-${process.pid}.png`);
    writeFileSync(file, Buffer.alloc(16 * 1024 * 1024, 7));
    await page.locator('[data-testid=evidence] input[type=file]').setInputFiles(file);
    // The record reached the evidence service over the bus; until it has, the page retries the
    // upload when told to (409 record-unknown), showing the bar from the start each time.
    await page.getByTestId('upload-progress').waitFor();
    await expect
      .poll(() => page.getByTestId('upload-progress').innerText(), { timeout: 60_000 })
      .toContain('正在上传');
    await shot(page, '07-upload-progress');
    await manualShot(page, 'upload-progress');
    await page.getByTestId('upload-progress').waitFor({ state: 'hidden', timeout: 120_000 });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    await page.getByText(`wechat-${process.pid}.png`).first().waitFor();
    await expect.poll(() => page.getByTestId('enter-record').isEnabled(), { timeout: 60_000 }).toBe(true);
    await page.getByTestId('enter-record').click();
    await expect.poll(() => page.getByTestId('record-state').innerText(), { timeout: 60_000 }).toBe('已录入');
    await shot(page, '08-record-with-evidence');

    await page.goto(w.web);
    await page.getByTestId('todo').waitFor();
    await expect
      .poll(
        () =>
          page
            .getByTestId('todo-item')
            .filter({ hasText: '(2026)吉0102民初1088号' })
            .filter({ hasText: '草稿' })
            .count(),
        { timeout: 60_000 },
      )
      .toBe(0);
    await page.close();
  });

  it('R-MN-1: the manual opens from a page, with the permissions table', async () => {
    const page = await signIn('judge-a');
    await page.locator('.ant-menu').getByText('帮助').click();
    await page.getByTestId('manual').waitFor();
    await page.getByRole('heading', { name: '过问案件记录系统 用户手册' }).first().waitFor();
    await expect.poll(() => page.locator('table').innerText(), { timeout: 20_000 }).toContain('案件承办人');
    await shot(page, '09-manual');
    await page.close();
  });
});
