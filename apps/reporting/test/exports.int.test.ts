import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordEntered } from '@jir/contracts';
import { readXlsx } from '@jir/documents';
import { snapshotDigest } from '../src/reports/report-signing.js';
import { reportSheets } from '../src/exports/report-document.js';
import { recordEvents, reportingHarness, type ReportingHarness } from './harness.js';

let h: ReportingHarness;
let report: Record<string, unknown> & { id: string; digest: string };
const outDir = mkdtempSync(join(tmpdir(), 'jir-report-export-'));

async function download(path: string, as: Parameters<ReportingHarness['token']>[0] = {}) {
  const res = await fetch(`${h.url}${path}`, { headers: { authorization: `Bearer ${await h.token(as)}` } });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    digest: res.headers.get('x-report-digest'),
    body: Buffer.from(await res.arrayBuffer()),
  };
}

beforeAll(async () => {
  h = await reportingHarness();
  await h.publish(
    recordEntered,
    recordEvents(crypto.randomUUID(), { form: 'wechat', specialItems: ['SR07'] }),
  );
  await h.publish(recordEntered, recordEvents(crypto.randomUUID(), { form: 'wechat' }));
  await h.publish(
    recordEntered,
    recordEvents(crypto.randomUUID(), { form: 'telephone', specialItems: ['SR01'] }),
  );
  await h.applied(3);
  const r = await h.call('POST', '/v1/reports/quarterly', {
    body: { court: 'JL-CC-NG', quarter: '2026-Q1' },
  });
  expect(r.status).toBe(201);
  report = r.body;
}, 60_000);
afterAll(async () => {
  await h?.close();
});

describe('exports of a report (R-RP-4)', () => {
  it('R-RP-4: the PDF holds the Chinese headings, the court, the figures and the digest (text extracted with pdftotext)', async () => {
    const pdf = await download(`/v1/reports/${report.id}/export.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    expect(pdf.digest).toBe(report.digest);
    const file = join(outDir, 'report.pdf');
    writeFileSync(file, pdf.body);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    for (const s of [
      '季度分析报告',
      '长春市南关区人民法院',
      '2026年第1季度',
      '按过问形式',
      '按特别报告事项',
      '特别报告事项明细',
      '微信',
      '电话',
    ])
      expect(text).toContain(s);
    expect(text).toMatch(/记录总数：3/);
    expect(text).toMatch(/微信\s+wechat\s+2/);
    expect(text).toMatch(/电话\s+telephone\s+1/);
    expect(text.replace(/\s+/g, '')).toContain(report.digest);
    // A page to look at: pdftoppm -png renders it beside the PDF.
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', file, join(outDir, 'page')]);
  });

  it('R-RP-4: the workbook read back equals the snapshot, sheet by sheet, with the digest on each', async () => {
    const x = await download(`/v1/reports/${report.id}/export.xlsx`);
    expect(x.status).toBe(200);
    expect(x.digest).toBe(report.digest);
    const back = await readXlsx(x.body);
    const expected = reportSheets(report as never);
    expect(back.map((s) => s.name)).toEqual(['概要', ...expected.map((s) => s.name)]);
    for (const [i, s] of expected.entries()) {
      const rows = back[i + 1]!.rows;
      expect(rows.slice(0, 1 + s.rows.length)).toEqual([s.columns, ...s.rows]);
      expect(rows.at(-1)).toEqual(['SHA-256 摘要', report.digest]);
    }
    const byForm = back.find((s) => s.name === '按过问形式')!.rows;
    expect(byForm).toContainEqual(['微信', 'wechat', 2]);
    expect(back[0]!.rows).toContainEqual(['SHA-256 摘要', report.digest]);
  });

  it('R-RP-4: the JSON export is the stored snapshot, which hashes to its digest; another court sees none of the three', async () => {
    const j = await download(`/v1/reports/${report.id}/export.json`);
    expect(j.status).toBe(200);
    const body = JSON.parse(j.body.toString('utf8'));
    expect(body).toEqual(report);
    const { digest, signature: _s, keyId: _k, ...snapshot } = body;
    expect(snapshotDigest(snapshot)).toBe(digest);
    for (const ext of ['pdf', 'xlsx', 'json']) {
      const other = await download(`/v1/reports/${report.id}/export.${ext}`, { court: 'JL-CC-KC' });
      expect(other.status).toBe(404);
    }
  });
});
