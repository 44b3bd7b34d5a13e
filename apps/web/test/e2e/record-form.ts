import type { Page } from 'playwright-core';
import { pick } from './harness.js';

/**
 * Types 过问时间 and 收到时间 (Beijing time, `YYYY-MM-DD HH:mm`) into the record form's date
 * pickers as a user does: a click opens each picker, Enter closes it with the typed value.
 */
export async function fillTimes(page: Page, at: { communicated: string; received: string }) {
  for (const [label, value] of [
    ['过问时间', at.communicated],
    ['收到时间', at.received],
  ] as const) {
    await page.getByLabel(label, { exact: true }).click();
    await page.getByLabel(label, { exact: true }).fill(value);
    await page.keyboard.press('Enter');
  }
}

/** Fills who interfered: the record form's five fields of the interferer, by their Chinese labels. */
export async function fillInterferer(
  page: Page,
  who: { name: string; unit: string; position: string; unitType: string; kind: string },
) {
  await page.getByLabel('过问人姓名').fill(who.name);
  await page.getByLabel('工作单位').fill(who.unit);
  await page.getByLabel('职务', { exact: true }).fill(who.position);
  await pick(page, '单位类型', who.unitType);
  await pick(page, '过问人类别', who.kind);
}
