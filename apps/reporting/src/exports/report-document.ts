import type { Cell, PrintableDocument, Sheet } from '@jir/documents';
import type { CourtHierarchy } from '@jir/rules';
import type { StoredReport } from '../reports/reports.service.js';

const TIMELINESS_ZH = { onTime: '按时', late: '逾期', missing: '缺失', pending: '未到期' } as const;

/** "2026-Q1" as 2026年第1季度. */
const quarterZh = (q: string) => q.replace(/^(\d{4})-Q([1-4])$/, '$1年第$2季度');

/**
 * The tables of a report, in the order the regulation lists them (R-RP-1):
 * the PDF prints them and the workbook has one sheet each, so both say
 * exactly what the snapshot says.
 */
export function reportSheets(r: StoredReport): Sheet[] {
  const lines = (name: string, head: string, l: { code: string; label: string; count: number }[]): Sheet => ({
    name,
    columns: [head, '代码', '件数'],
    rows: l.map((x) => [x.label, x.code, x.count]),
  });
  const t = r.totals;
  return [
    lines('按特别报告事项', '特别报告事项', t.bySpecialItem),
    lines('按过问人类别', '过问人类别', t.byInterfererKind),
    lines('按单位性质', '单位性质', t.byUnitType),
    lines('按过问形式', '过问形式', t.byForm),
    lines('按诉讼阶段', '诉讼阶段', t.byStage),
    lines('按部门', '部门', t.byDivision),
    { name: '按月', columns: ['月份', '件数'], rows: t.byMonth.map((m) => [m.month, m.count]) },
    {
      name: '及时性',
      columns: [
        '义务',
        TIMELINESS_ZH.onTime,
        TIMELINESS_ZH.late,
        TIMELINESS_ZH.missing,
        TIMELINESS_ZH.pending,
      ],
      rows: (['entry', 'copy'] as const).map((k) => [
        k === 'entry' ? '两日内录入 / entry' : '三日内移送 / copy',
        t.timeliness[k].onTime,
        t.timeliness[k].late,
        t.timeliness[k].missing,
        t.timeliness[k].pending,
      ]),
    },
    {
      name: '特别报告事项明细',
      columns: ['事项', '案号', '法院', '过问人', '单位', '职务', '收到时间'],
      rows: r.specialItems.flatMap((s) =>
        s.records.map((x): Cell[] => [
          s.label,
          x.caseNumber,
          x.court,
          x.interferer?.name ?? '',
          x.interferer?.unit ?? '',
          x.interferer?.position ?? '',
          x.receivedAt,
        ]),
      ),
    },
    {
      name: '反复出现的过问人',
      columns: ['身份编号', '姓名', '法院', '件数'],
      rows: r.identities.map((i) => [i.identityId, i.name ?? '', i.courts.join('、'), i.records]),
    },
    {
      name: '季度申报',
      columns: ['承办人', '申报', '时间'],
      rows: [
        ...r.declarations.declared.map((d): Cell[] => [
          d.handler,
          d.kind === 'nothing' ? '无应记录事项' : '记录完整',
          d.at,
        ]),
        ...r.declarations.missing.map((h): Cell[] => [h, '未申报', '']),
      ],
    },
    {
      name: '报送对象',
      columns: ['类别', '代码', '即时', '事由'],
      rows: r.recipients.map((x) => [
        x.kind === 'court' ? '法院' : '政法委',
        x.code,
        x.immediate ? '是' : '否',
        x.reasons.join('、'),
      ]),
    },
  ];
}

/** The report as a printable document: title, identifying lines, each table as a section, the digest. */
export function reportDocument(r: StoredReport, courts: CourtHierarchy): PrintableDocument {
  const court = courts.has(r.court) ? courts.get(r.court).name : r.court;
  return {
    title: '领导干部干预司法活动、插手具体案件处理季度分析报告',
    meta: [
      ['法院', `${court}（${r.court}）`],
      ['季度', `${quarterZh(r.quarter)}${r.provisional ? '（季度未结束，临时报告）' : ''}`],
      ['版本', `第 ${r.version} 版`],
      ['生成时间', r.generatedAt],
      ['记录总数', String(r.totals.records)],
      ['抽查核实', `属实 ${r.sampleVerification.confirmed}，有异议 ${r.sampleVerification.disputed}`],
      ['签名密钥', r.keyId],
    ],
    sections: reportSheets(r).map((s, i) => ({
      heading: `${['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'][i] ?? i + 1}、${s.name}`,
      table: { columns: s.columns, rows: s.rows },
    })),
    digest: r.digest,
  };
}
