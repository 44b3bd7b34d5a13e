/** Who interferes (R-SC-2). */
export const INTERFERER_KINDS = [
  'leading-cadre',
  'cadre-staff',
  'cadre-relative',
  'other-organisation',
  'other-person',
] as const;
export type InterfererKind = (typeof INTERFERER_KINDS)[number];

export const INTERFERER_KIND_NAMES_ZH: Record<InterfererKind, string> = {
  'leading-cadre': '领导干部',
  'cadre-staff': '领导干部身边工作人员',
  'cadre-relative': '领导干部亲属',
  'other-organisation': '其他组织',
  'other-person': '其他个人',
};

/** Unit types of Art 15 (R-SC-3). */
export const UNIT_TYPES = [
  'party-organ',
  'peoples-congress',
  'administrative-organ',
  'cppcc',
  'procuratorate',
  'military-organ',
  'company',
  'public-institution',
  'social-organisation',
  'other',
] as const;
export type UnitType = (typeof UNIT_TYPES)[number];

export const UNIT_TYPE_NAMES_ZH: Record<UnitType, string> = {
  'party-organ': '党的机关',
  'peoples-congress': '人大机关',
  'administrative-organ': '行政机关',
  cppcc: '政协机关',
  procuratorate: '检察机关',
  'military-organ': '军事机关',
  company: '公司、企业',
  'public-institution': '事业单位',
  'social-organisation': '社会团体',
  other: '其他',
};

/** How the interference was communicated (R-RC-1). */
export const FORMS = [
  'official-letter',
  'letter',
  'oral',
  'telephone',
  'sms',
  'weibo',
  'wechat',
  'email',
  'other-network',
  'meeting',
  'document',
] as const;
export type Form = (typeof FORMS)[number];

export const FORM_NAMES_ZH: Record<Form, string> = {
  'official-letter': '函文',
  letter: '信件',
  oral: '当面口头',
  telephone: '电话',
  sms: '手机短信',
  weibo: '微博客',
  wechat: '微信',
  email: '电子邮件',
  'other-network': '其他网络方式',
  meeting: '听取汇报或协调会',
  document: '文件',
};

/** Network forms: data must be captured as evidence (Art 4, R-RC-2). */
export const NETWORK_FORMS: readonly Form[] = ['sms', 'weibo', 'wechat', 'email', 'other-network'];
/**
 * Spoken forms (口头, Art 4, R-RC-3): in person, at a meeting and by telephone, since 口头 means
 * spoken, not face to face. Each needs the place (for a call, where the handler took it), the
 * persons present and their confirmation.
 */
export const SPOKEN_FORMS: readonly Form[] = ['oral', 'telephone', 'meeting'];
/** @deprecated the spoken forms are SPOKEN_FORMS; a telephone call is spoken too. */
export const IN_PERSON_FORMS: readonly Form[] = SPOKEN_FORMS;
/** Written forms: archived in the case's secondary volume (Art 5, R-EV-4). */
export const WRITTEN_FORMS: readonly Form[] = ['official-letter', 'letter', 'document'];

export const STAGES = ['trial', 'enforcement', 'other'] as const;
export type Stage = (typeof STAGES)[number];
export const STAGE_NAMES_ZH: Record<Stage, string> = { trial: '审判', enforcement: '执行', other: '其他' };

/** What a form requires before a record may be entered (R-RC-2, R-RC-3). */
export function formRequirements(form: Form): {
  evidence: boolean;
  place: boolean;
  personsPresent: boolean;
  confirmations: boolean;
} {
  const spoken = SPOKEN_FORMS.includes(form);
  return {
    evidence: NETWORK_FORMS.includes(form),
    place: spoken,
    personsPresent: spoken,
    confirmations: spoken,
  };
}

/** A reason a record cannot be entered yet; the code is also the API error code. */
export interface EntryBlocker {
  code: 'evidence-required' | 'place-required' | 'persons-present-required' | 'on-behalf-of-required';
  field: string;
  zh: string;
  en: string;
}

export interface EntryCandidate {
  form: Form;
  interferer: { kind: InterfererKind; onBehalfOf?: unknown };
  place?: string | null | undefined;
  personsPresent?: readonly unknown[] | null | undefined;
  /** The handler's explicit statement that nobody else was present (R-RC-3); an empty list alone is not. */
  noOtherPersonPresent?: boolean | null | undefined;
  evidenceCount: number;
}

/**
 * What still stands between a draft and its entry. Confirmations by persons
 * present are not here: they follow entry, and the record shows which are missing.
 */
export function entryBlockers(r: EntryCandidate): EntryBlocker[] {
  const need = formRequirements(r.form);
  const out: EntryBlocker[] = [];
  if (need.evidence && r.evidenceCount < 1) {
    out.push({
      code: 'evidence-required',
      field: 'evidence',
      zh: '网络方式过问须至少上传一项证据（截屏、音视频或消息导出）',
      en: 'a network form needs at least one evidence item (screenshot, audio/video or message export)',
    });
  }
  if (need.place && !r.place?.trim()) {
    out.push({
      code: 'place-required',
      field: 'place',
      zh: '口头方式（含当面、会议和电话）过问须填写发生场所（电话须填写接听地点）',
      en: 'a spoken form (in person, meeting or telephone) needs the place (for a call, where it was taken)',
    });
  }
  if (
    need.personsPresent &&
    !(r.personsPresent && r.personsPresent.length > 0) &&
    r.noOtherPersonPresent !== true
  ) {
    out.push({
      code: 'persons-present-required',
      field: 'personsPresent',
      zh: '口头方式（含电话）过问须填写在场人员，无其他人在场的须明确勾选“无其他人在场”',
      en: 'a spoken form (telephone included) needs the persons present, or an explicit statement that no other person was present',
    });
  }
  if (
    (r.interferer.kind === 'cadre-staff' || r.interferer.kind === 'cadre-relative') &&
    !r.interferer.onBehalfOf
  ) {
    out.push({
      code: 'on-behalf-of-required',
      field: 'interferer.onBehalfOf',
      zh: '身边工作人员或亲属过问须填写其所关联的领导干部',
      en: 'staff or relatives need the leading cadre behind them',
    });
  }
  return out;
}

/**
 * Art 6: organisations whose commissioned or permitted reference opinions on
 * cases of state or public interest may stay out of the special database.
 */
export const EXEMPT_OPINION_SOURCES = [
  'party-or-government-organ',
  'trade-association-or-chamber',
  'public-welfare-organisation',
  'public-institution-with-administrative-functions',
] as const;
export type ExemptOpinionSource = (typeof EXEMPT_OPINION_SOURCES)[number];

/**
 * Where a request started (Art 16, R-SC-5): outside the courts, or with a
 * leader or staff member of any court of the city (全市法院), which the
 * internal-personnel regulation covers instead.
 */
export const ORIGINS = ['outside-the-courts', 'courts-of-the-city'] as const;
export type Origin = (typeof ORIGINS)[number];

export interface SubmissionFacts {
  /** Where the request started; an outsider's request relayed by a court leader started outside. */
  origin?: Origin;
  /** @deprecated the same as origin 'courts-of-the-city'; kept for submissions that still say it. */
  internalPersonnel?: boolean;
  /** Claimed as a reference opinion under Art 6. */
  exemptOpinion?: {
    source: string;
    /** The court's commission or permission reference (委托或许可文号). */
    commissionReference?: string | null;
    concernsStateOrPublicInterest?: boolean;
  };
}

export type Classification =
  | { kind: 'external-record' }
  | { kind: 'exempt-opinion' }
  | {
      kind: 'refused';
      code: 'internal-personnel' | 'exemption-reference-required' | 'exemption-not-applicable';
      zh: string;
      en: string;
    };

/** Decides which register a submission belongs to (R-SC-1, R-SC-4, R-SC-5). */
export function classifySubmission(facts: SubmissionFacts): Classification {
  // Who relayed it does not matter: an outsider's request passed on by a court's president is
  // still external (the relay is recorded beside it); only where it started decides.
  if (facts.origin === 'courts-of-the-city' || facts.internalPersonnel) {
    return {
      kind: 'refused',
      code: 'internal-personnel',
      zh: '全市法院领导干部和工作人员过问案件适用《司法机关内部人员过问案件的记录和责任追究规定》，不在本系统登记为外部过问；此次提交已记录。外部人员的请托经法院领导转递的，请选择“来自法院外部”并填写转递人',
      en: 'interference that starts with leaders or staff of any court of the city falls under the internal-personnel regulation and is not registered here as external; this submission has been logged. An outsider’s request relayed by a court leader is external: choose origin outside-the-courts and name the relay',
    };
  }
  const ex = facts.exemptOpinion;
  if (!ex) return { kind: 'external-record' };
  if (
    !(EXEMPT_OPINION_SOURCES as readonly string[]).includes(ex.source) ||
    ex.concernsStateOrPublicInterest === false
  ) {
    return {
      kind: 'refused',
      code: 'exemption-not-applicable',
      zh: '仅党政机关、行业协会商会、社会公益组织和依法承担行政职能的事业单位就涉及国家利益、社会公共利益的案件提出的参考意见可不录入专库',
      en: 'only opinions of party/government organs, trade associations and chambers, public-welfare organisations or public institutions with administrative functions, on cases of state or public interest, are exempt',
    };
  }
  if (!ex.commissionReference?.trim()) {
    return {
      kind: 'refused',
      code: 'exemption-reference-required',
      zh: '参考意见须注明法院委托或许可的文号，否则应作为过问案件记录',
      en: 'an exempt opinion needs the court’s commission or permission reference; without it, record it as interference',
    };
  }
  return { kind: 'exempt-opinion' };
}

/**
 * Art 15 (R-SC-3): when the record states whether the interferer has state-functionary
 * status in a leading post, the kind follows from it: such a person is a leading cadre
 * (retired or not), and someone without both is not. Returns why a stated kind
 * contradicts the facts, or null. Staff, relatives and organisations are other
 * kinds whatever their post, so they are not judged here.
 */
export function interfererKindContradiction(p: {
  kind: string;
  stateFunctionary?: boolean | undefined;
  leadingPost?: boolean | undefined;
  retired?: boolean | undefined;
}): { zh: string; en: string } | null {
  if (p.stateFunctionary === undefined || p.leadingPost === undefined) return null;
  const cadre = isLeadingCadre({
    stateFunctionary: p.stateFunctionary,
    leadingPost: p.leadingPost,
    retired: p.retired ?? false,
  });
  if (p.kind === 'leading-cadre' && !cadre)
    return {
      zh: '领导干部须具有国家公职人员身份且担任领导职务',
      en: 'a leading cadre has state-functionary status in a leading post',
    };
  if (p.kind === 'other-person' && cadre)
    return {
      zh: '具有国家公职人员身份且担任（或曾担任，含离退休）领导职务者为领导干部',
      en: 'a person with state-functionary status in a leading post (retired included) is a leading cadre',
    };
  return null;
}

/** Art 15: a leading cadre holds a leading post with state-functionary status; retirement does not change that. */
export function isLeadingCadre(p: {
  stateFunctionary: boolean;
  leadingPost: boolean;
  retired?: boolean;
}): boolean {
  return p.stateFunctionary && p.leadingPost;
}

/**
 * The person a request started with (Art 3, R-SC-2): the originator when the interferer passes on
 * someone else's request (递转), else the leading cadre behind staff or relatives; undefined when
 * the interferer spoke for themselves or an organisation.
 */
export function originatingPerson<P>(interferer: { originator?: P; onBehalfOf?: P }): P | undefined {
  return interferer.originator ?? interferer.onBehalfOf;
}
