/** Special report items of Art 10 (R-SR-1), with the regulation's own wording. */
export interface SpecialItem {
  readonly code: SpecialItemCode;
  /** Verbatim from Art 10 of the implementing rules. */
  readonly zh: string;
  readonly en: string;
  /** Words whose presence in a record's content suggests the item (R-SR-2). */
  readonly keywords: readonly string[];
  /**
   * Words of which one must also be present: the item is about that kind of case only
   * (SR13 concerns commutation and parole, so 从宽 in a civil dispute does not suggest it).
   */
  readonly requiresOneOf?: readonly string[];
}

export const SPECIAL_ITEM_CODES = [
  'SR01',
  'SR02',
  'SR03',
  'SR04',
  'SR05',
  'SR06',
  'SR07',
  'SR08',
  'SR09',
  'SR10',
  'SR11',
  'SR12',
  'SR13',
  'SR14',
  'SR15',
] as const;
export type SpecialItemCode = (typeof SPECIAL_ITEM_CODES)[number];

/** The fifteen items, in the regulation's order. */
export const SPECIAL_ITEMS: readonly SpecialItem[] = [
  {
    code: 'SR01',
    zh: '在审判、执行等环节为案件当事人请托说情的',
    en: 'interceding for a party at trial, enforcement or another stage',
    keywords: ['请托', '说情', '打招呼', '关照', '照顾一下', '帮忙'],
  },
  {
    code: 'SR02',
    zh: '要求法院工作人员私下会见、联系案件当事人或者其辩护人、诉讼代理人、近亲属以及其他与案件有利害关系的人的',
    en: 'asking court staff to meet or contact a party, defender, agent ad litem, close relative or other interested person in private',
    keywords: ['私下会见', '私下见', '见一面', '联系一下', '约见', '吃个饭', '见个面'],
  },
  {
    code: 'SR03',
    zh: '授意、纵容身边工作人员或者亲属为案件当事人请托说情的',
    en: 'instructing or conniving with own staff or relatives to intercede for a party',
    keywords: ['授意', '纵容', '秘书', '司机', '身边工作人员', '亲属', '家属'],
  },
  {
    code: 'SR04',
    zh: '以听取汇报、开协调会、发文件、打电话等形式，超越职权对案件处理提出倾向性意见或者具体要求的',
    en: 'giving, beyond one’s authority, a leaning opinion or specific demand on case handling by hearing reports, holding coordination meetings, issuing documents, telephoning, etc.',
    keywords: ['听取汇报', '协调会', '发文件', '打电话', '倾向性意见', '具体要求', '定个调'],
  },
  {
    code: 'SR05',
    zh: '要求法院立案、不予立案、拖延立案或者人为控制立案的',
    en: 'demanding that the court accept, refuse, delay or artificially control case filing',
    keywords: ['立案', '不予立案', '拖延立案', '控制立案', '暂缓立案'],
  },
  {
    code: 'SR06',
    zh: '要求法院采取中止审理、延长审限、不计入审限等措施拖延结案或者压缩办案时间结案的',
    en: 'demanding suspension of trial, extension of or exclusion from time limits to delay closing, or compressing handling time',
    keywords: ['中止审理', '延长审限', '不计入审限', '拖延结案', '尽快结案', '压缩办案时间'],
  },
  {
    code: 'SR07',
    zh: '要求法院对保全标的物、执行标的物，采取暂缓或者解除扣押、查封和冻结措施的',
    en: 'demanding suspension or release of seizure, sealing-up or freezing of preserved or enforcement targets',
    keywords: ['解除查封', '解除冻结', '解除扣押', '暂缓查封', '暂缓冻结', '解封', '解冻'],
  },
  {
    code: 'SR08',
    zh: '要求法院选择特定鉴定机构、资产评估机构、拍卖机构或者破产企业资产管理人的',
    en: 'demanding a particular appraisal, asset-valuation or auction institution or bankruptcy administrator',
    keywords: ['鉴定机构', '评估机构', '拍卖机构', '破产管理人', '资产管理人'],
  },
  {
    code: 'SR09',
    zh: '要求法院将执行案款优先发放或者发放给特定申请执行人的',
    en: 'demanding that enforcement money be paid first or to particular applicants',
    keywords: ['执行案款', '优先发放', '先发放', '案款'],
  },
  {
    code: 'SR10',
    zh: '要求法院对案件拖延执行、中止执行或者终结执行处理的',
    en: 'demanding delay, suspension or termination of enforcement',
    keywords: ['拖延执行', '中止执行', '终结执行', '暂缓执行', '先别执行'],
  },
  {
    code: 'SR11',
    zh: '要求法院将刑事涉案财物发还特定被害人或者移交特定机关的',
    en: 'demanding return of criminal case property to particular victims or transfer to particular organs',
    keywords: ['涉案财物', '发还', '移交'],
  },
  {
    code: 'SR12',
    zh: '要求法院对当事人采取强制措施，或者要求对被依法采取强制措施的当事人解除、变更强制措施的',
    en: 'demanding coercive measures against a party, or lifting or changing lawful coercive measures',
    keywords: ['强制措施', '取保候审', '拘留', '逮捕', '司法拘留', '变更强制措施'],
  },
  {
    code: 'SR13',
    zh: '要求法院在减刑、假释案件审理过程中对罪犯从严或者从宽处理的',
    en: 'demanding harsher or more lenient treatment in commutation or parole cases',
    keywords: ['减刑', '假释', '从宽', '从严'],
    requiresOneOf: ['减刑', '假释'],
  },
  {
    code: 'SR14',
    zh: '批转案件当事人或者其辩护人、诉讼代理人、近亲属以及其他与案件有利害关系的人单方提交的涉案材料或者专家意见书的',
    en: 'forwarding with endorsement case materials or expert opinions submitted unilaterally by a party or interested person',
    keywords: ['批转', '批示', '专家意见书', '专家论证', '单方提交'],
  },
  {
    code: 'SR15',
    zh: '其他有必要作为特别报告事项的行为',
    en: 'other conduct that should be reported specially',
    // Deliberately none: "other" is the handler's judgement, never a suggestion.
    keywords: [],
  },
];

const BY_CODE = new Map(SPECIAL_ITEMS.map((item) => [item.code, item]));

/** The item with this code, or undefined for an unknown code. */
export function specialItem(code: string): SpecialItem | undefined {
  return BY_CODE.get(code as SpecialItemCode);
}

/** True for one of SR01–SR15. */
export function isSpecialItemCode(code: string): code is SpecialItemCode {
  return BY_CODE.has(code as SpecialItemCode);
}

/**
 * Codes whose keywords occur in the content, in code order (R-SR-2). A
 * suggestion only: the handler decides, nothing is applied silently.
 */
export function suggestSpecialItems(content: string): SpecialItemCode[] {
  const text = content.normalize('NFKC').replace(/\s+/g, '');
  return SPECIAL_ITEMS.filter(
    (item) =>
      item.keywords.some((k) => text.includes(k)) &&
      (!item.requiresOneOf || item.requiresOneOf.some((k) => text.includes(k))),
  ).map((i) => i.code);
}
