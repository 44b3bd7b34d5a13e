import { renderPdf, type PrintableDocument } from '@jir/documents';
import {
  DEFAULT_COURTS,
  FORM_NAMES_ZH,
  INTERFERER_KIND_NAMES_ZH,
  STAGE_NAMES_ZH,
  UNIT_TYPE_NAMES_ZH,
  specialItem,
  type Form,
  type InterfererKind,
  type Stage,
  type UnitType,
} from '@jir/rules';
import type { toRecordView } from './record-view.js';

type RecordView = ReturnType<typeof toRecordView>;

/** An instant as Beijing wall-clock time, the way the paper form is filled in. */
export function beijingTime(iso: string | null): string {
  if (!iso) return '—';
  const t = new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString();
  return `${t.slice(0, 4)}年${t.slice(5, 7)}月${t.slice(8, 10)}日 ${t.slice(11, 16)}`;
}

const courtName = (code: string) => (DEFAULT_COURTS.has(code) ? DEFAULT_COURTS.get(code).name : code);
const yesNo = (b: boolean | undefined) => (b === undefined ? '未载明' : b ? '是' : '否');

/** A part of the form that lists its facts as label and value, in the one layout all its parts share. */
function fieldSection(heading: string, rows: [string, string][]): PrintableDocument['sections'][number] {
  return { heading, table: { columns: ['项目', '内容'], widths: [0.36, 0.64], rows } };
}

/**
 * The information form of Art 4 and Art 7 (外部领导干部过问案件信息表) as the
 * record holds it now: who interfered (name, unit, post), when, how and what
 * was asked, where and before whom for oral requests, with the revision
 * printed so the copy handed to trial management can be matched to its version.
 */
export function informationForm(r: RecordView): PrintableDocument {
  const i = r.interferer as RecordView['interferer'] & {
    kind: InterfererKind;
    unitType: UnitType;
    retired?: boolean;
    stateFunctionary?: boolean;
    leadingPost?: boolean;
  };
  const items = (r.specialItems as string[]).map((c) => `${c} ${specialItem(c)?.zh ?? ''}`.trim());
  const present = (r.personsPresent as { staffId?: string; name?: string; role?: string }[]).map((p) =>
    [p.name, p.role, p.staffId ? `（${p.staffId}）` : ''].filter(Boolean).join(' '),
  );
  const relay = r.relayedBy as { name: string; court: string; position: string } | null;
  const field = (label: string, value: string): [string, string] => [label, value];
  return {
    title: '外部领导干部过问案件信息表',
    meta: [
      ['法院', courtName(r.court)],
      ['案号', r.caseNumber],
      ['记录编号', r.id],
      ['版本', String(r.revision)],
      ['状态', r.state === 'draft' ? '草稿（尚未录入）' : '已录入'],
    ],
    sections: [
      fieldSection('一、过问人', [
        field('姓名', i.name),
        field('所在单位', i.unit),
        field('职务', i.position),
        field('过问人类别', INTERFERER_KIND_NAMES_ZH[i.kind] ?? i.kind),
        field('单位性质', UNIT_TYPE_NAMES_ZH[i.unitType] ?? i.unitType),
        field('国家公职人员', yesNo(i.stateFunctionary)),
        field('领导职务', yesNo(i.leadingPost)),
        field('已退休', yesNo(i.retired ?? false)),
        ...(i.onBehalfOf
          ? [
              field(
                '代为过问的领导干部',
                `${i.onBehalfOf.name}，${i.onBehalfOf.unit}，${i.onBehalfOf.position}`,
              ),
            ]
          : []),
        ...(relay ? [field('转达人', `${relay.name}，${relay.court}，${relay.position}`)] : []),
      ]),
      fieldSection('二、过问情况', [
        field('过问形式', FORM_NAMES_ZH[r.form as Form] ?? r.form),
        field('诉讼阶段', STAGE_NAMES_ZH[r.stage as Stage] ?? r.stage),
        field('过问时间', beijingTime(r.communicatedAt)),
        field('收到时间', beijingTime(r.firstReceivedAt)),
        ...(r.receivedAt !== r.firstReceivedAt ? [field('更正后的收到时间', beijingTime(r.receivedAt))] : []),
        field('发生场所', r.place ?? '—'),
        field('在场人员', present.length > 0 ? present.join('；') : '—'),
        field('是否涉及同级党委或政法委主要领导', r.involvesPrincipalLeader ? '是' : '否'),
        field('是否可能造成冤假错案或其他严重后果', r.severe ? '是' : '否'),
        field('特别报告事项', items.length > 0 ? items.join('；') : '无'),
      ]),
      { heading: '三、过问内容', paragraphs: [r.content] },
      fieldSection('四、记录与报送', [
        field('承办人', r.handler),
        field('部门', r.division ?? '—'),
        field('录入时间', beijingTime(r.enteredAt)),
        field('在场人员签字确认', confirmationLine(r.confirmations)),
        field('复印件报送审判管理部门', beijingTime(r.copyDeliveredAt)),
        field('审判管理部门签收', beijingTime(r.copyAcknowledgedAt)),
        field('证据材料（件）', String(r.evidenceCount)),
      ]),
    ],
  };
}

function confirmationLine(c: { confirmed: string[]; missing: string[] }): string {
  if (c.confirmed.length === 0 && c.missing.length === 0) return '—';
  const done = c.confirmed.length > 0 ? `已确认：${c.confirmed.join('、')}` : '';
  const open = c.missing.length > 0 ? `待确认：${c.missing.join('、')}` : '';
  return [done, open].filter(Boolean).join('；');
}

/**
 * The form of one version of a record as PDF bytes. Dated by the record's entry (its creation for
 * a draft), not the clock: the same version renders the same bytes, printed or archived.
 */
export function renderInformationForm(r: RecordView): Promise<Buffer> {
  return renderPdf(informationForm(r), { creationDate: new Date(r.enteredAt ?? r.createdAt) });
}
