import PDFDocument from 'pdfkit';
import { chineseFonts } from './chinese-font.js';
import type { Cell, PrintableDocument, Table } from './printable-document.js';

const MARGIN = 50;
const A4_WIDTH = 595.28;
const CONTENT_WIDTH = A4_WIDTH - 2 * MARGIN;

/**
 * A printable A4 PDF of the document, Chinese text in an embedded subset of
 * Noto Sans Hans; the digest, when given, in the footer of every page.
 * `creationDate` is fixed by the caller so the same document renders the same bytes.
 */
export async function renderPdf(doc: PrintableDocument, opts: { creationDate?: Date } = {}): Promise<Buffer> {
  const f = chineseFonts();
  const pdf = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN + 20, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: { Title: doc.title, CreationDate: opts.creationDate ?? new Date(0) },
  });
  pdf.registerFont('regular', f.regular);
  pdf.registerFont('bold', f.bold);
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });

  pdf.font('bold').fontSize(18).text(doc.title, { align: 'center' });
  pdf.moveDown(0.6);
  pdf.font('regular').fontSize(10);
  for (const [label, value] of doc.meta) pdf.text(`${label}：${value}`);
  for (const s of doc.sections) {
    pdf.moveDown(0.8);
    ensureRoom(pdf, 60);
    pdf.font('bold').fontSize(13).text(s.heading, MARGIN);
    pdf.font('regular').fontSize(10);
    for (const p of s.paragraphs ?? []) pdf.text(p, MARGIN);
    if (s.table) drawTable(pdf, s.table);
  }

  // Footers last, on every buffered page: the digest and "page n / N".
  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    // Writing inside the bottom margin would otherwise make pdfkit start a new page.
    const bottom = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    const y = pdf.page.height - MARGIN;
    pdf.font('regular').fontSize(7);
    if (doc.digest)
      pdf.text(`SHA-256 摘要：${doc.digest}`, MARGIN, y, { width: CONTENT_WIDTH, lineBreak: false });
    pdf.text(`第 ${i + 1} 页 / 共 ${range.count} 页`, MARGIN, y + 10, {
      width: CONTENT_WIDTH,
      align: 'right',
      lineBreak: false,
    });
    pdf.page.margins.bottom = bottom;
  }
  pdf.end();
  return done;
}

function ensureRoom(pdf: PDFKit.PDFDocument, height: number) {
  if (pdf.y + height > pdf.page.height - pdf.page.margins.bottom) pdf.addPage();
}

/** The natural widths of a table: numeric columns narrow, the text columns share the rest. */
function autoWidths(t: Table): number[] {
  const n = t.columns.length;
  const narrow = Math.min(80, CONTENT_WIDTH / n);
  const numeric = t.columns.map((_, i) => t.rows.length > 0 && t.rows.every((r) => typeof r[i] === 'number'));
  const widths = numeric.map((isNum) => (isNum ? narrow : 0));
  const flexible = widths.filter((w) => w === 0).length || 1;
  const rest = (CONTENT_WIDTH - widths.reduce((a, b) => a + b, 0)) / flexible;
  for (let i = 0; i < n; i++) if (widths[i] === 0) widths[i] = rest;
  return widths;
}

/** A simple ruled table, at the widths given or its natural ones. */
function drawTable(pdf: PDFKit.PDFDocument, t: Table) {
  const widths =
    t.widths?.length === t.columns.length ? t.widths.map((w) => w * CONTENT_WIDTH) : autoWidths(t);
  const row = (cells: Cell[], bold: boolean) => {
    pdf.font(bold ? 'bold' : 'regular').fontSize(9);
    const heights = cells.map((c, i) => pdf.heightOfString(String(c), { width: widths[i]! - 6 }));
    const h = Math.max(14, ...heights) + 4;
    ensureRoom(pdf, h);
    const y = pdf.y;
    let x = MARGIN;
    cells.forEach((c, i) => {
      pdf.text(String(c), x + 3, y + 2, {
        width: widths[i]! - 6,
        align: typeof c === 'number' ? 'right' : 'left',
      });
      x += widths[i]!;
    });
    pdf
      .moveTo(MARGIN, y + h)
      .lineTo(MARGIN + CONTENT_WIDTH, y + h)
      .lineWidth(0.3)
      .stroke();
    pdf.x = MARGIN;
    pdf.y = y + h;
  };
  pdf.moveDown(0.3);
  row(t.columns, true);
  for (const r of t.rows) row(r, false);
  if (t.rows.length === 0) row(['（无 / none）', ...t.columns.slice(1).map(() => '')], false);
}
