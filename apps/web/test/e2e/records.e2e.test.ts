import { writeFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { can, deadline, type Actor } from '@jir/rules';
import { recordBody, waitFor } from '@jir/testing';
import { DEV_USERS } from '../../src/server/dev-users.js';
import { NAVIGATION } from '../../src/client/frame/navigation.js';
import { OUT, manualShot, pick, shot, webSystemForThisFile } from './harness.js';
import { fillInterferer, fillTimes } from './record-form.js';

// Part 1 in the browser beyond the handler's first steps: every role's view, confirmations by
// colleagues present, amendments, refusals, evidence cancel/preview/download, duties in 待办.
const w = webSystemForThisFile();

const BEIJING = (d: Date) =>
  new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

/** A record made through the API, where the browser is not what the test is about. */
async function record(over: Record<string, unknown> = {}, user = 'judge-a') {
  // The shared valid body, with this file's own call: an hour ago, a request for leniency.
  const r = await w.call(
    user,
    'intake',
    'POST',
    '/v1/records',
    recordBody({
      caseNumber: '(2026)吉0102民初700号',
      receivedAt: ago(3600_000),
      communicatedAt: ago(2 * 3600_000),
      place: '办公室（接听电话）',
      content: '来电询问案件进展并要求从轻处理',
      specialItems: [],
      ...over,
    }),
  );
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; caseNumber: string };
}

// The 待办 badge's count goes with the label: a number, or 99+ once other tests left a hundred items.
const menuLabels = async (page: Page) =>
  (await page.locator('.ant-menu-item').allInnerTexts()).map((t) => t.replace(/\d+\+?/g, '').trim());

describe('part 1 in the browser', () => {
  it('R-AC-1, R-AC-2: every demo role sees exactly the navigation and actions can() allows, and a 待办 without errors', async () => {
    for (const u of DEV_USERS) {
      const actor: Actor = { ...u.claims, roles: [...u.claims.roles] };
      const page = await w.signIn(u.id);
      await page.getByTestId('todo').waitFor();
      const expected = NAVIGATION.filter((e) => e.visible(actor)).map((e) => e.label);
      await expect.poll(() => menuLabels(page), { timeout: 20_000 }).toEqual(expected);
      // Every 待办 source that applies to the role answers: none is refused by a service.
      await page.locator('.ant-skeleton').waitFor({ state: 'detached', timeout: 20_000 });
      expect(await page.getByText('暂时无法读取').count(), u.id).toBe(0);
      const mayEnter = can(actor, 'entry', {
        kind: 'record',
        court: actor.court,
        handler: actor.sub,
        division: actor.division,
      });
      expect(expected.includes('填写信息表'), u.id).toBe(mayEnter);
      if (expected.includes('过问记录')) {
        await page.locator('.ant-menu').getByText('过问记录').click();
        await page.locator('.ant-table').first().waitFor();
        expect(await page.getByRole('button', { name: '填写信息表' }).count(), u.id).toBe(mayEnter ? 1 : 0);
      }
      if (u.id === 'tm-a') await shot(page, '10-todo-trial-management');
      await page.close();
    }
  });

  it('R-RC-3: an oral record with two colleagues present; each confirms from their own 待办, where it comes first', async () => {
    const page = await w.signIn('judge-a', '/records/new');
    await page.getByLabel('案号', { exact: true }).fill('(2026)吉0102民初701号');
    await pick(page, '所处阶段', '审判');
    await pick(page, '过问方式', '当面口头');
    const when = BEIJING(new Date(Date.now() - 3600_000));
    await fillTimes(page, { communicated: when, received: when });
    await fillInterferer(page, {
      name: '刘某',
      unit: '某区某委',
      position: '主任',
      unitType: '党的机关',
      kind: '领导干部',
    });
    await page.getByLabel('发生场所').fill('本院第三接待室');
    const staff = page.getByLabel('在场的本院工作人员（工号，须本人确认）');
    for (const id of ['judge-b', 'clerk-a']) {
      await staff.click();
      await staff.fill(id);
      await page.keyboard.press('Enter');
    }
    await page.getByLabel('过问内容').fill('当面要求对本案从轻处理');
    await manualShot(page, 'form-oral');
    await page.getByTestId('save-enter').click();
    await expect.poll(() => page.getByTestId('record-state').innerText(), { timeout: 20_000 }).toBe('已录入');
    await page.getByText('judge-b 待确认').waitFor();
    await page.getByText('clerk-a 待确认').waitFor();
    const recordUrl = page.url();

    for (const colleague of ['judge-b', 'clerk-a']) {
      const p = await w.signIn(colleague);
      const first = p.getByTestId('todo-item').first();
      await expect.poll(() => first.innerText(), { timeout: 20_000 }).toContain('(2026)吉0102民初701号');
      expect(await first.innerText()).toContain('待我确认');
      if (colleague === 'judge-b') await manualShot(p, 'todo-confirm');
      await first.getByRole('link').click();
      await p.getByTestId('present-only').waitFor();
      await p.getByText('当面要求对本案从轻处理').waitFor();
      await p.getByTestId('confirm-record').click();
      await p.getByText(`${colleague} 已确认`).waitFor();
      await shot(p, `11-confirmed-by-${colleague}`);
      await p.goto(w.web);
      await p.getByTestId('todo').waitFor();
      await expect
        .poll(() => p.getByTestId('todo-item').filter({ hasText: '(2026)吉0102民初701号' }).count(), {
          timeout: 20_000,
        })
        .toBe(0);
      await p.close();
    }
    await page.goto(recordUrl);
    await page.getByText('judge-b 已确认').waitFor();
    await page.getByText('clerk-a 已确认').waitFor();
    expect(await page.getByText('待确认').count()).toBe(0);
    await page.close();
  });

  it('R-RC-4, R-AC-3: an amendment needs a reason and shows in the version history; the view log lists each reader once', async () => {
    const r = await record({ caseNumber: '(2026)吉0102民初702号', enter: true });
    const page = await w.signIn('judge-a', `/records/${r.id}`);
    await page.getByTestId('version').first().waitFor();
    expect(await page.getByTestId('version').count()).toBe(1);
    await page.getByLabel('过问内容').fill('来电询问案件进展，要求从轻处理并尽快结案');
    await page.getByRole('button', { name: '提交更正' }).click();
    // Without a reason the service refuses, in Chinese, beside the field.
    await expect
      .poll(() => page.getByTestId('problem').innerText(), { timeout: 20_000 })
      .toMatch(/[\u4e00-\u9fff]/);
    await page.getByLabel('更正理由').fill('补记来电人的第二项要求');
    await page.getByRole('button', { name: '提交更正' }).click();
    await expect.poll(() => page.getByTestId('version').count(), { timeout: 20_000 }).toBe(2);
    const v2 = await page.getByTestId('version').nth(1).innerText();
    expect(v2).toContain('第 2 版');
    expect(v2).toContain('理由：补记来电人的第二项要求');
    expect(v2).toContain('更改：过问内容');
    await page.getByText('来电询问案件进展，要求从轻处理并尽快结案').first().waitFor();
    // Reading it again and as the division head: the log keeps every read, the page shows each reader once.
    await page.reload();
    await page.getByTestId('view-log').getByTestId('viewer').first().waitFor();
    const head = await w.signIn('head-civil-1', `/records/${r.id}`);
    await head.getByTestId('record-state').waitFor();
    await head.close();
    await page.reload();
    const log = page.getByTestId('view-log');
    await expect
      .poll(() => log.getByTestId('viewer').allInnerTexts(), { timeout: 20_000 })
      // Most recent reader first: judge-a has just read it again.
      .toEqual(['judge-a', 'head-civil-1']);
    const counts = await log.getByTestId('view-count').allInnerTexts();
    expect(Number(counts[0])).toBeGreaterThanOrEqual(3);
    const stored = await w.call('judge-a', 'intake', 'GET', `/v1/records/${r.id}/views`);
    // Every read is still in the log (待办's listing may log one more after the page asked).
    expect(
      stored.body.filter((v: { viewer: string }) => v.viewer === 'judge-a').length,
    ).toBeGreaterThanOrEqual(Number(counts[0]));
    await manualShot(page, 'record-versions');
    await shot(page, '12-amendment-and-views');
    await page.close();
  });

  it('R-AC-1: a 403 from a service is shown as a clear Chinese message', async () => {
    // Trial management is not offered the form; opened by its address anyway, the service refuses.
    const page = await w.signIn('tm-a', '/records/new');
    await page.getByLabel('案号', { exact: true }).fill('(2026)吉0102民初703号');
    await page.getByTestId('save-draft').click();
    await expect
      .poll(() => page.getByTestId('problem').innerText(), { timeout: 20_000 })
      .toContain('无此操作权限');
    expect(await page.getByTestId('problem').innerText()).toMatch(/无此操作权限：[\u4e00-\u9fff]/);
    await shot(page, '13-forbidden');
    await page.close();
  });

  it('R-EV-2: a cancelled upload leaves nothing stored; images and PDFs preview inline; downloads are streamed by the browser', async () => {
    const r = await record({ caseNumber: '(2026)吉0102民初704号', form: 'wechat' });
    const page = await w.signIn('judge-a', `/records/${r.id}`);
    await page.getByTestId('evidence').waitFor();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    const throttle = (bytesPerSecond: number) =>
      cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 0,
        downloadThroughput: -1,
        uploadThroughput: bytesPerSecond,
      });
    await throttle(1024 * 1024);
    const big = join(tmpdir(), `video-${process.pid}.mp4`);
    writeFileSync(big, Buffer.alloc(24 * 1024 * 1024, 3));
    await page.locator('[data-testid=evidence] input[type=file]').setInputFiles(big);
    await expect
      .poll(() => page.getByTestId('upload-progress').innerText(), { timeout: 20_000 })
      .toMatch(/正在上传.*[1-9]/s);
    await page.getByTestId('upload-cancel').click();
    await page.getByText('已取消上传，未保存任何内容').waitFor();
    await throttle(-1);
    // Give a late commit every chance to show, then ask both services.
    await new Promise((res) => setTimeout(res, 3000));
    expect((await w.call('judge-a', 'evidence', 'GET', `/v1/evidence?recordId=${r.id}`)).body).toEqual([]);
    expect((await w.call('judge-a', 'intake', 'GET', `/v1/records/${r.id}`)).body.evidenceCount).toBe(0);

    // A real screenshot and a small PDF: both preview in the page.
    const png = join(tmpdir(), `screenshot-${process.pid}.png`);
    writeFileSync(png, await page.screenshot({ clip: { x: 0, y: 0, width: 320, height: 200 } }));
    const pdf = join(tmpdir(), `letter-${process.pid}.pdf`);
    writeFileSync(pdf, minimalPdf());
    for (const f of [png, pdf]) {
      await page.locator('[data-testid=evidence] input[type=file]').setInputFiles(f);
      await page.getByRole('cell', { name: f.split('/').pop()! }).waitFor({ timeout: 30_000 });
    }
    const row = (name: string) => page.locator('.ant-table-row', { hasText: name });
    await row(`screenshot-${process.pid}.png`).getByTestId('evidence-preview-open').click();
    const img = page.locator('img[data-testid=evidence-preview]');
    await expect
      .poll(
        () => img.evaluate((i) => (i as unknown as { complete: boolean; naturalWidth: number }).naturalWidth),
        { timeout: 20_000 },
      )
      .toBe(320);
    expect(await img.getAttribute('src')).toMatch(
      /^\/api\/evidence\/v1\/evidence\/[0-9a-f-]+\/content\?ticket=/,
    );
    await manualShot(page, 'evidence-preview');
    await page.keyboard.press('Escape');
    const pdfAnswer = page.waitForResponse(
      (res) => res.url().includes('/content?ticket=') && res.request().resourceType() !== 'image',
    );
    await row(`letter-${process.pid}.pdf`).getByTestId('evidence-preview-open').click();
    const answered = await pdfAnswer;
    expect(answered.status()).toBe(200);
    expect(answered.headers()['content-type']).toBe('application/pdf');
    expect(answered.headers()['content-disposition']).toMatch(/^inline/);
    await page.locator('iframe[data-testid=evidence-preview]').waitFor();
    await page.keyboard.press('Escape');

    // The download is the browser's own, from a ticket link, not a blob the page assembled.
    const downloading = page.waitForEvent('download');
    await row(`screenshot-${process.pid}.png`).getByTestId('evidence-download').click();
    const download = await downloading;
    expect(download.url()).toMatch(/\/content\?ticket=/);
    expect(download.suggestedFilename()).toBe(`screenshot-${process.pid}.png`);
    const saved = await download.path();
    expect((await stat(saved)).size).toBe((await stat(png)).size);
    expect((await readFile(saved)).equals(await readFile(png))).toBe(true);
    await shot(page, '14-evidence-preview-download');
    await page.close();
  });

  it('R-DL-1, R-DL-3: 待办 lists the duties from the deadline monitor with their legal due date, and so does the record', async () => {
    const receivedAt = ago(3600_000);
    const r = await record({ caseNumber: '(2026)吉0102民初705号', form: 'wechat', receivedAt });
    const due = deadline('entry', receivedAt).dueDate;
    await waitFor(
      async () =>
        (await w.call('judge-a', 'deadlines', 'GET', `/v1/obligations?recordId=${r.id}`)).body?.items
          ?.length > 0 || undefined,
      { timeoutMs: 30_000, what: 'the entry duty in the deadline monitor' },
    );
    const page = await w.signIn('judge-a');
    const item = page
      .getByTestId('todo-item')
      .filter({ hasText: '(2026)吉0102民初705号' })
      .filter({ hasText: '期限将至' })
      .filter({ hasText: '录入信息表' });
    await expect.poll(() => item.innerText(), { timeout: 20_000 }).toContain(`法定期限 ${due} 24 时前`);
    expect(await item.innerText()).toContain('录入信息表');
    await manualShot(page, 'todo');
    await item.getByRole('link').click();
    const duties = page.getByTestId('record-obligations');
    await expect.poll(() => duties.innerText(), { timeout: 20_000 }).toContain(`${due} 24 时前`);
    expect(await duties.getByTestId('obligation-state').first().innerText()).toBe('未到期');
    await manualShot(page, 'record');
    await shot(page, '15-record-duties');
    await page.close();
  });

  it('R-RC-5: time to first render of the record list with demo data (measured in the browser, logged)', async () => {
    for (let i = 0; i < 60; i += 10)
      await Promise.all(
        Array.from({ length: 10 }, (_, k) =>
          record({ caseNumber: `(2026)吉0102民初${3000 + i + k}号`, enter: true, specialItems: ['SR07'] }),
        ),
      );
    const page = await w.signIn('judge-a');
    // Beside it, in the same run, the 帮助 page: the same application booted with no service read,
    // so the difference is what the list itself costs on this machine at this moment.
    const firstRender = async (path: string, selector: string) => {
      const ms: number[] = [];
      for (let i = 0; i < 3; i++) {
        await page.goto(`${w.web}${path}`);
        await page.locator(selector).first().waitFor();
        ms.push(await page.evaluate(() => Math.round(performance.now())));
      }
      return ms.sort((a, b) => a - b);
    };
    const list = await firstRender('/records', '.ant-table-row');
    const baseline = await firstRender('/help', '[data-testid=manual] table');
    const rows = await page
      .locator('.ant-table-row')
      .count()
      .then(async () => {
        await page.goto(`${w.web}/records`);
        await page.locator('.ant-table-row').first().waitFor();
        return page.locator('.ant-table-row').count();
      });
    expect(rows).toBeGreaterThanOrEqual(50);
    const line =
      `time to first render of the record list (${rows} rows, from navigation start, median of 3): ` +
      `${list[1]} ms [${list.join(', ')}]; baseline, the 帮助 page with no service read, same run: ` +
      `${baseline[1]} ms [${baseline.join(', ')}]`;
    console.error(`[R-RC-5 web] ${line}`);
    writeFileSync(join(OUT, 'record-list-first-render.txt'), `${line}\n`);
    await manualShot(page, 'records');
    await page.close();
  });
});

/** The smallest valid one-page PDF, so the store detects application/pdf from its content. */
function minimalPdf(): Buffer {
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
