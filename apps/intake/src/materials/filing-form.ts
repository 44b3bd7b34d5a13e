import type { PrintableDocument } from '@jir/documents';
import { DEFAULT_COURTS, FORM_NAMES_ZH, type Form } from '@jir/rules';
import { beijingTime } from '../records/information-form.js';
import type { MaterialsService } from './materials.service.js';

type MaterialView = Awaited<ReturnType<MaterialsService['get']>>;

const HOP_NAMES_ZH: Record<string, string> = {
  'trial-department': '审判（执行）部门',
  'vice-president': '分管院长',
  'division-head': '庭（处）长',
  'case-handler': '案件承办人',
};

/**
 * The filing form of Art 7 (外部领导干部过问案件备案表): what trial
 * management registered, the route it set level by level, and each hop as it
 * was actually passed on (R-TR-2, R-TR-3), so the paper shows whether the
 * materials reached the handler only through every level.
 */
export function filingForm(m: MaterialView): PrintableDocument {
  const court = DEFAULT_COURTS.has(m.court) ? DEFAULT_COURTS.get(m.court).name : m.court;
  const route = m.route as Record<string, string> | null;
  const sender = m.sender as { name: string; unit: string; position: string };
  return {
    title: '外部领导干部过问案件备案表',
    meta: [
      ['法院', court],
      ['备案编号', m.filingNumber ?? '—'],
      ['案号', m.caseNumber],
      ['登记人', m.registeredBy ?? '—'],
      ['登记时间', beijingTime(m.registeredAt)],
    ],
    sections: [
      {
        heading: '一、来文来函',
        table: {
          columns: ['项目', '内容'],
          widths: [0.3, 0.7],
          rows: [
            ['过问人姓名', sender.name],
            ['所在单位', sender.unit],
            ['职务', sender.position],
            ['形式', FORM_NAMES_ZH[m.form as Form] ?? m.form],
            ['收到时间', beijingTime(m.receivedAt)],
            ['接收人', m.receivedBy],
            ['材料摘要', m.description],
          ],
        },
      },
      {
        heading: '二、递转路径（逐级递转，不得直接交给案件承办人）',
        table: {
          columns: ['层级', '接收人'],
          widths: [0.3, 0.7],
          rows: route
            ? [
                ['审判（执行）部门', `${route['trialDepartment']}（接收人 ${route['departmentReceiver']}）`],
                ['分管院长', route['vicePresident'] ?? ''],
                ['庭（处）长', route['divisionHead'] ?? ''],
                ['案件承办人', route['handler'] ?? ''],
              ]
            : [],
        },
      },
      {
        heading: '三、递转记录',
        table: {
          columns: ['层级', '交出人', '接收人', '时间'],
          widths: [0.22, 0.22, 0.22, 0.34],
          rows: m.hops.map((h) => [HOP_NAMES_ZH[h.hop] ?? h.hop, h.from, h.to, beijingTime(h.at)]),
        },
        paragraphs: [
          m.deliveredAt
            ? `已于 ${beijingTime(m.deliveredAt)} 递转至案件承办人。`
            : `尚未递转至案件承办人；下一层级：${HOP_NAMES_ZH[m.nextHop ?? ''] ?? '—'}。`,
        ],
      },
    ],
  };
}
