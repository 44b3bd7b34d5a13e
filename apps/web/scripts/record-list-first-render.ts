/// <reference lib="dom" />
/**
 * Time to first render of the record list (issue 16), measured in Debian's chromium against a
 * running system, e.g. `npm start -- --demo`:
 *
 *   node --import tsx apps/web/scripts/record-list-first-render.ts [web=http://localhost:3000] [user=judge-a] [runs=7]
 *
 * Signs in on the development sign-in page, then opens /records `runs` times; each time the page
 * itself notes (MutationObserver, from navigation start) when the first row of the list is in the
 * document, so the figure is the browser's, not the driver's polling. Beside it, the same for the
 * 帮助 page, which reads no service: the difference is what the list costs.
 */
import type { Page } from 'playwright-core';
import { launchDebianChromium } from './debian-chromium.js';

const [web = 'http://localhost:3000', user = 'judge-a', runsArg = '7'] = process.argv.slice(2);
const runs = Number(runsArg);

/** Milliseconds from navigation start until `selector` first matches, noted by the page. */
async function firstRender(page: Page, path: string, selector: string): Promise<number> {
  await page.goto(`${web}${path}`, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(
    (sel) => (window as unknown as { __firstSeen?: Record<string, number> }).__firstSeen?.[sel],
    selector,
    { timeout: 60_000, polling: 50 },
  );
  return Math.round(Number(await handle.jsonValue()));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const browser = await launchDebianChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  await page.addInitScript(() => {
    const seen: Record<string, number> = {};
    (window as unknown as { __firstSeen: Record<string, number> }).__firstSeen = seen;
    const watch = ['.ant-table-row', '[data-testid=manual] table'];
    new MutationObserver(() => {
      for (const sel of watch)
        if (seen[sel] === undefined && document.querySelector(sel)) seen[sel] = performance.now();
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(web);
  await page.getByTestId(`sign-in-${user}`).click();
  await page.getByTestId('signed-in-user').waitFor();
  const list: number[] = [];
  const help: number[] = [];
  for (let i = 0; i < runs; i++) {
    list.push(await firstRender(page, '/records', '.ant-table-row'));
    help.push(await firstRender(page, '/help', '[data-testid=manual] table'));
  }
  await page.goto(`${web}/records`);
  await page.locator('.ant-table-row').first().waitFor();
  const rows = await page.locator('.ant-table-row').count();
  process.stdout.write(
    `record list (${rows} rows shown, as ${user}): first row rendered ${median(list)} ms after navigation start ` +
      `(median of ${runs}: ${list.join(', ')}); 帮助 page, no service read: ${median(help)} ms (${help.join(', ')})\n`,
  );
} finally {
  await browser.close();
}
