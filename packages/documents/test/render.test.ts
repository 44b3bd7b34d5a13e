import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readXlsx, renderPdf, renderXlsx, type PrintableDocument } from '../src/index.js';

const digest = 'ab'.repeat(32);
const doc: PrintableDocument = {
  title: '领导干部干预司法活动季度分析报告',
  meta: [
    ['法院', '长春市南关区人民法院'],
    ['季度', '2026年第一季度'],
  ],
  sections: [
    {
      heading: '一、按过问形式统计',
      table: {
        columns: ['形式', '件数'],
        rows: [
          ['电话', 12],
          ['微信', 3],
        ],
      },
    },
    { heading: '二、说明', paragraphs: ['本季度无应报未报情形。'] },
    // Enough rows for a second page: the digest must be on every page.
    {
      heading: '三、明细',
      table: {
        columns: ['案号', '件数'],
        rows: Array.from({ length: 60 }, (_, i) => [`(2026)吉0102民初${i}号`, i]),
      },
    },
  ],
  digest,
};

const pdftotext = (pdf: Buffer) => {
  const dir = mkdtempSync(join(tmpdir(), 'jir-doc-'));
  writeFileSync(join(dir, 'a.pdf'), pdf);
  return execFileSync('pdftotext', ['-layout', join(dir, 'a.pdf'), '-'], { encoding: 'utf8' });
};

describe('documents (R-RP-4)', () => {
  it('R-RP-4: the PDF is A4 with the Chinese text extractable (font embedded), figures, and the digest on every page', async () => {
    const pdf = await renderPdf(doc);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // The font is embedded as a subset, not referenced: the file carries its glyphs.
    expect(pdf.toString('latin1')).toMatch(/\/FontFile3|\/FontFile2/);
    const text = pdftotext(pdf);
    for (const s of [
      '领导干部干预司法活动季度分析报告',
      '长春市南关区人民法院',
      '一、按过问形式统计',
      '电话',
      '本季度无应报未报情形',
    ])
      expect(text).toContain(s);
    expect(text).toMatch(/电话\s+12/);
    const pages = text.split('\f').filter((p) => p.trim());
    expect(pages.length).toBeGreaterThan(1);
    for (const p of pages) expect(p).toContain(digest);
    const info = execFileSync('pdfinfo', ['-'], { input: pdf, encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+595\.2\d? x 841\.8\d? pts \(A4\)/);
  });

  it('R-RP-4: the same document renders the same PDF bytes (fixed creation date)', async () => {
    expect((await renderPdf(doc)).equals(await renderPdf(doc))).toBe(true);
  });

  it('R-RP-4: a workbook read back gives the same cells, numbers as numbers, the digest on each sheet', async () => {
    const sheets = [
      {
        name: '按形式',
        columns: ['形式', '件数'],
        rows: [
          ['电话', 12],
          ['微信', 3],
        ] as (string | number)[][],
      },
    ];
    const back = await readXlsx(await renderXlsx(doc, sheets));
    expect(back.map((s) => s.name)).toEqual(['概要', '按形式']);
    expect(back[0]!.rows).toContainEqual(['法院', '长春市南关区人民法院']);
    expect(back[0]!.rows).toContainEqual(['SHA-256 摘要', digest]);
    expect(back[1]!.rows.slice(0, 3)).toEqual([
      ['形式', '件数'],
      ['电话', 12],
      ['微信', 3],
    ]);
    expect(back[1]!.rows.at(-1)).toEqual(['SHA-256 摘要', digest]);
  });

  it('R-RC-1: a form table takes the column widths it is given (a long label stays on its line beside its value)', async () => {
    const label = '是否涉及同级党委或政法委主要领导';
    const form = (widths: number[]): PrintableDocument => ({
      title: '外部领导干部过问案件信息表',
      meta: [],
      sections: [
        { heading: '过问情况', table: { columns: ['项目', '内容'], widths, rows: [[label, '是']] } },
      ],
    });
    const wide = pdftotext(await renderPdf(form([0.4, 0.6])));
    expect(wide).toMatch(new RegExp(`${label}\\s+是`));
    // Too narrow a label column wraps the label: the widths are what was drawn.
    const narrow = pdftotext(await renderPdf(form([0.15, 0.85])));
    expect(narrow).not.toContain(label);
  });
});
