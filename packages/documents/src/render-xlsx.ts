import ExcelJS from 'exceljs';
import type { Cell, PrintableDocument } from './printable-document.js';

/** One sheet of a workbook: a name (≤ 31 characters, Excel's limit) and a table. */
export interface Sheet {
  name: string;
  columns: string[];
  rows: Cell[][];
}

/**
 * An Excel workbook, one sheet per table; the first sheet holds the title,
 * the meta lines and the digest (R-RP-4). Numbers stay numbers, so a cell
 * read back equals the value it came from.
 */
export async function renderXlsx(
  doc: Pick<PrintableDocument, 'title' | 'meta' | 'digest'>,
  sheets: Sheet[],
  opts: { created?: Date } = {},
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.created = opts.created ?? new Date(0);
  wb.modified = wb.created;
  const cover = wb.addWorksheet('概要');
  cover.addRow([doc.title]);
  for (const [label, value] of doc.meta) cover.addRow([label, value]);
  if (doc.digest) cover.addRow(['SHA-256 摘要', doc.digest]);
  cover.getColumn(1).width = 24;
  cover.getColumn(2).width = 70;
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name.slice(0, 31));
    ws.addRow(s.columns).font = { bold: true };
    for (const r of s.rows) ws.addRow(r);
    if (doc.digest) ws.addRows([[], ['SHA-256 摘要', doc.digest]]);
    s.columns.forEach((_, i) => (ws.getColumn(i + 1).width = i === 0 ? 36 : 14));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Reads a workbook back as sheets of plain values (tests, and anyone checking an export). */
export async function readXlsx(data: Buffer | Uint8Array): Promise<{ name: string; rows: Cell[][] }[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  return wb.worksheets.map((ws) => {
    const rows: Cell[][] = [];
    ws.eachRow({ includeEmpty: true }, (row) => {
      const values = (row.values as unknown[]).slice(1);
      rows.push(values.map((v) => (typeof v === 'number' ? v : v == null ? '' : String(v))));
    });
    return { name: ws.name, rows };
  });
}
