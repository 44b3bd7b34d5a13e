import type { RecordDto } from './api/types.js';

/** Chinese names of the information form's fields (R-RC-1), for labels and "what changed". */
export const FIELD_NAMES_ZH: Record<string, string> = {
  caseNumber: '案号',
  stage: '所处阶段',
  receivedAt: '收到时间',
  communicatedAt: '过问时间',
  form: '过问方式',
  interferer: '过问人',
  'interferer.name': '过问人姓名',
  'interferer.unit': '工作单位',
  'interferer.position': '职务',
  'interferer.unitType': '单位类型',
  'interferer.kind': '过问人类别',
  'interferer.onBehalfOf': '所关联的领导干部',
  content: '过问内容',
  specialItems: '特别报告事项',
  severe: '情节严重',
  involvesPrincipalLeader: '涉及主要领导',
  place: '发生场所',
  personsPresent: '在场人员',
  evidence: '证据',
};

/** The record's state in words. */
export function stateZh(r: Pick<RecordDto, 'state'>): string {
  return r.state === 'entered' ? '已录入' : '草稿';
}
