// The demo data set: who interfered, how, in which court and case. Plain data, so that the
// loader (load-demo.ts) only walks it. Names and units are invented; court codes are the rules'.
import { FORMS, INTERFERER_KINDS, STAGES, UNIT_TYPES } from '@jir/rules';

/** A basic court of Changchun with its administrative division code, as case numbers carry it. */
export const DEMO_COURTS = [
  { code: 'JL-CC-NG', area: '吉0102' },
  { code: 'JL-CC-KC', area: '吉0103' },
  { code: 'JL-CC-CY', area: '吉0104' },
  { code: 'JL-CC-ED', area: '吉0105' },
  { code: 'JL-CC-LY', area: '吉0106' },
  { code: 'JL-CC-SY', area: '吉0112' },
  { code: 'JL-CC-JT', area: '吉0113' },
  { code: 'JL-CC-NA', area: '吉0122' },
  { code: 'JL-CC-YS', area: '吉0182' },
  { code: 'JL-CC-DH', area: '吉0183' },
  { code: 'JL-CC-GZL', area: '吉0184' },
] as const;

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡'];
const GIVEN = [
  '建国',
  '志强',
  '海燕',
  '丽华',
  '国庆',
  '晓明',
  '春生',
  '秀英',
  '德福',
  '玉兰',
  '文军',
  '桂芝',
];
const UNITS: Record<(typeof UNIT_TYPES)[number], [string, string]> = {
  'party-organ': ['中共长春市某区委组织部', '副部长'],
  'peoples-congress': ['长春市某区人大常委会', '副主任'],
  'administrative-organ': ['长春市自然资源局', '局长'],
  cppcc: ['长春市政协某委员会', '主任'],
  procuratorate: ['长春市某区人民检察院', '副检察长'],
  'military-organ': ['某部队后勤部', '处长'],
  company: ['吉林某房地产开发有限公司', '董事长'],
  'public-institution': ['长春市某中学', '校长'],
  'social-organisation': ['长春市某商会', '会长'],
  other: ['某村民委员会', '主任'],
};
const CASE_TYPES = ['民初', '民终', '执', '刑初', '行初'];
const CONTENT: Record<(typeof FORMS)[number], string> = {
  'official-letter': '来函要求对该案“依法妥善处理”，并附有关材料，请求暂缓判决',
  letter: '来信为一方当事人说情，希望从轻处理',
  oral: '当面要求承办人对被告“高抬贵手”，尽快结案',
  telephone: '来电要求对被执行人的财产解除查封',
  sms: '发短信询问案件进展，并暗示希望支持原告诉请',
  weibo: '通过微博私信要求关照其亲属的案件',
  wechat: '通过微信要求暂缓执行，并发来语音',
  email: '发送电子邮件要求改变管辖',
  'other-network': '通过某即时通讯软件要求尽快立案',
  meeting: '在协调会上要求法院按其意见处理',
  document: '以会议纪要形式要求对案件作出特定处理',
};
/** Forms whose proof is a file: the record waits in draft until it is stored (R-RC-2). */
export const FILE_FORMS = new Set([
  'sms',
  'weibo',
  'wechat',
  'email',
  'other-network',
  'official-letter',
  'letter',
]);

/** One interference of the demo, with everything the loader needs to enter it. */
export interface DemoRecord {
  key: string;
  court: string;
  handler: string;
  division: string;
  body: Record<string, unknown>;
  /** A file to store as its evidence: PNG for screenshots, PDF for letters. */
  evidence?: 'png' | 'pdf';
  /** Leave it in draft (a breach once its entry period has passed). */
  leaveDraft?: boolean;
  /** Deliver the copy to trial management, and have it acknowledged. */
  deliverCopy?: boolean;
}

function at(d: Date): string {
  // Beijing time with its offset, as court staff state it.
  const b = new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 19);
  return `${b}+08:00`;
}

const yearOf = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).getUTCFullYear();

/** The quarter before the one `now` is in (Beijing time): its first day, as a Date at 09:00. */
export function previousQuarter(now: Date): { label: string; start: Date } {
  const b = new Date(now.getTime() + 8 * 3_600_000);
  let q = Math.floor(b.getUTCMonth() / 3) - 1;
  let y = b.getUTCFullYear();
  if (q < 0) {
    q = 3;
    y -= 1;
  }
  return { label: `${y}-Q${q + 1}`, start: new Date(Date.UTC(y, q * 3, 1, 1)) };
}

/**
 * The records: every form and interferer kind, every unit type, across the
 * courts; special items; a severe case naming a principal leader; oral
 * records with two colleagues present; some in the past quarter; drafts left
 * past their entry period. Deterministic for a given `now`'s quarter, so a
 * second load finds the same keys.
 */
export function demoRecords(now: Date): DemoRecord[] {
  const past = previousQuarter(now);
  const out: DemoRecord[] = [];
  const n = FORMS.length * 3;
  for (let i = 0; i < n; i++) {
    const form = FORMS[i % FORMS.length]!;
    const kind = INTERFERER_KINDS[i % INTERFERER_KINDS.length]!;
    const unitType = UNIT_TYPES[i % UNIT_TYPES.length]!;
    const court = DEMO_COURTS[i % DEMO_COURTS.length]!;
    const [unit, position] = UNITS[unitType];
    const year = yearOf(now);
    // A third in the past quarter (its report has them), the rest in the last weeks.
    const inPast = i % 3 === 0;
    const received = inPast
      ? new Date(past.start.getTime() + ((i * 2 + 3) % 80) * 86_400_000)
      : new Date(now.getTime() - (i % 20) * 86_400_000 - 3 * 3_600_000);
    const name = `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 7) % GIVEN.length]}`;
    const handler = `${court.code.toLowerCase()}-judge-${(i % 2) + 1}`;
    const body: Record<string, unknown> = {
      caseNumber: `(${year})${court.area}${CASE_TYPES[i % CASE_TYPES.length]}${1000 + i * 37}号`,
      stage: STAGES[i % STAGES.length],
      form,
      receivedAt: at(received),
      communicatedAt: at(new Date(received.getTime() - 30 * 60_000)),
      interferer: {
        name,
        unit,
        position,
        unitType,
        kind,
        ...(kind === 'cadre-staff' || kind === 'cadre-relative'
          ? { onBehalfOf: { name: '赵某某', unit: '长春市某区人民政府', position: '区长' } }
          : {}),
      },
      content: `${name}${CONTENT[form]}。`,
      specialItems: i % 4 === 0 ? [`SR${String((i % 15) + 1).padStart(2, '0')}`] : [],
      ...(form === 'oral' || form === 'meeting'
        ? {
            place: '本院第三审判庭办公室',
            personsPresent: [
              { staffId: `${court.code.toLowerCase()}-clerk-1`, name: '书记员甲' },
              { staffId: `${court.code.toLowerCase()}-judge-3`, name: '审判员乙' },
            ],
          }
        : {}),
      // A call is spoken too (R-RC-3): where it was taken, and that nobody else was there.
      ...(form === 'telephone' ? { place: '本院办公室（接听电话）', noOtherPersonPresent: true } : {}),
      enter: true,
    };
    out.push({
      key: `record-${i}`,
      court: court.code,
      handler,
      division: i % 2 ? 'civil-1' : 'enforcement',
      body,
      ...(FILE_FORMS.has(form)
        ? { evidence: form.includes('letter') ? ('pdf' as const) : ('png' as const) }
        : {}),
      deliverCopy: i % 2 === 0,
    });
  }
  // The severe case: a principal leader of the city, a special item, at the intermediate court.
  out.push({
    key: 'severe-principal-leader',
    court: 'JL-CC',
    handler: 'jl-cc-judge-1',
    division: 'civil-1',
    body: {
      caseNumber: `(${yearOf(now)})吉01民终2088号`,
      stage: 'trial',
      form: 'meeting',
      receivedAt: at(new Date(now.getTime() - 2 * 3_600_000)),
      communicatedAt: at(new Date(now.getTime() - 3 * 3_600_000)),
      interferer: {
        name: '钱某某',
        unit: '长春市人民政府',
        position: '市长',
        unitType: 'administrative-organ',
        kind: 'leading-cadre',
      },
      content: '召集协调会，要求二审改判支持某开发公司，否则“后果自负”。',
      specialItems: ['SR01'],
      severe: true,
      involvesPrincipalLeader: true,
      place: '市政府第一会议室',
      personsPresent: [
        { staffId: 'jl-cc-clerk-1', name: '书记员丙' },
        { staffId: 'jl-cc-judge-3', name: '审判员丁' },
      ],
      enter: true,
    },
    evidence: 'pdf',
  });
  // Breaches: received ten days ago, never entered.
  for (const [j, court] of ['JL-CC-NG', 'JL-CC-KC', 'JL-CC-CY'].entries()) {
    const received = new Date(now.getTime() - (10 + j) * 86_400_000);
    out.push({
      key: `breach-${j}`,
      court,
      handler: `${court.toLowerCase()}-judge-2`,
      division: 'civil-1',
      body: {
        caseNumber: `(${yearOf(now)})${DEMO_COURTS.find((c) => c.code === court)!.area}民初${8800 + j}号`,
        stage: 'trial',
        form: 'telephone',
        place: '本院办公室（接听电话）',
        noOtherPersonPresent: true,
        receivedAt: at(received),
        communicatedAt: at(received),
        interferer: {
          name: `孙某${j + 1}`,
          unit: '某街道办事处',
          position: '主任',
          unitType: 'administrative-organ',
          kind: 'leading-cadre',
        },
        content: '来电询问案件并要求加快审理，承办人未及时录入。',
        enter: false,
      },
      leaveDraft: true,
    });
  }
  return out;
}

/** Materials that come along the chain (R-TR-1..3), one per court of the first four. */
export function demoMaterials(now: Date) {
  return DEMO_COURTS.slice(0, 4).map((court, i) => {
    const p = court.code.toLowerCase();
    return {
      key: `material-${i}`,
      court: court.code,
      receipt: {
        caseNumber: `(${yearOf(now)})${court.area}民初${5500 + i}号`,
        description: '某局转来的函件一份，附当事人情况说明',
        sender: { name: `${SURNAMES[i + 3]}某`, unit: '长春市住房和城乡建设局', position: '副局长' },
        form: 'official-letter',
        receivedAt: at(new Date(now.getTime() - (i + 1) * 3_600_000)),
      },
      people: {
        clerk: `${p}-office-clerk`,
        tm: `${p}-tm-1`,
        departmentReceiver: `${p}-civil-clerk`,
        vicePresident: `${p}-vp-1`,
        divisionHead: `${p}-dh-1`,
        handler: `${p}-judge-1`,
      },
    };
  });
}
