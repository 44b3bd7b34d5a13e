import { timelinessLines } from './report-breakdowns.js';
import type { Report } from '../api/types.js';

/** Offers bytes to the user as a file download. */
export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  // The browser has started the download once click() returns; the URL is then freed.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** The file name a report downloads under: court, quarter, version. */
export function reportFileName(r: Report, ext: string): string {
  return `过问案件季度报告-${r.court}-${r.quarter}-第${r.version}版.${ext}`;
}

/** The signed snapshot exactly as stored, digest and signature included, so it can be verified elsewhere. */
export function reportJson(r: Report): Blob {
  return new Blob([JSON.stringify(r, null, 2)], { type: 'application/json' });
}

/**
 * The report as an Excel workbook: a summary sheet, one sheet per breakdown, the special-items
 * list. exceljs is loaded only when asked for, so the pages do not carry it.
 */
export async function reportWorkbook(r: Report): Promise<Blob> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = '过问案件记录系统';
  const summary = wb.addWorksheet('概况');
  summary.addRows([
    ['法院', r.court],
    ['季度', r.quarter],
    ['版本', r.version],
    ['性质', r.provisional ? '季度未结束，临时统计' : '正式'],
    ['生成时间', r.generatedAt],
    ['生成人', r.generatedBy],
    ['记录总数', r.totals.records],
    ['SHA-256 摘要', r.digest],
    ['签名密钥', r.keyId],
  ]);
  summary.getColumn(1).width = 16;
  summary.getColumn(2).width = 70;
  const sheets: [string, { label: string; count: number }[]][] = [
    ['特别报告事项', r.totals.bySpecialItem],
    ['过问人类别', r.totals.byInterfererKind],
    ['单位类型', r.totals.byUnitType],
    ['过问方式', r.totals.byForm],
    ['所处阶段', r.totals.byStage],
    ['庭室', r.totals.byDivision],
    ['按月', r.totals.byMonth.map((m) => ({ label: m.month, count: m.count }))],
    ['期限遵守', timelinessLines(r)],
  ];
  for (const [name, lines] of sheets) {
    const ws = wb.addWorksheet(name);
    ws.addRow(['项目', '件数']).font = { bold: true };
    for (const l of lines) ws.addRow([l.label, l.count]);
    ws.getColumn(1).width = 36;
  }
  const items = wb.addWorksheet('特别报告事项清单');
  items.addRow(['事项', '案号', '过问人', '单位', '职务', '收到时间']).font = { bold: true };
  for (const s of r.specialItems)
    for (const rec of s.records)
      items.addRow([
        s.label,
        rec.caseNumber,
        rec.interferer?.name ?? '',
        rec.interferer?.unit ?? '',
        rec.interferer?.position ?? '',
        rec.receivedAt,
      ]);
  const buf = await wb.xlsx.writeBuffer();
  return new Blob([buf], {
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  });
}
