import type { UserClaims } from '@jir/service-kit';

/** A person on the development sign-in page: a label for the list and the claims of their token. */
export interface DevUser {
  id: string;
  label: string;
  claims: UserClaims;
}

const NG = 'JL-CC-NG';

/**
 * Demo users of a basic court and its intermediate court, one per role of REQUIREMENTS.md §1,
 * plus a second handler of the same division (an oral record needs a colleague who was present
 * to confirm it, R-RC-3) and the intermediate court's trial management, who receives and
 * acknowledges the basic court's reports (R-RP-3). For local development only; the page listing them exists only in dev mode.
 */
export const DEV_USERS: readonly DevUser[] = [
  {
    id: 'judge-a',
    label: '张法官（承办人，民一庭）',
    claims: { sub: 'judge-a', name: '张法官', court: NG, division: 'civil-1', roles: ['case-handler'] },
  },
  {
    id: 'judge-b',
    label: '李法官（承办人，民一庭，常作为在场人员）',
    claims: { sub: 'judge-b', name: '李法官', court: NG, division: 'civil-1', roles: ['case-handler'] },
  },
  {
    id: 'head-civil-1',
    label: '王庭长（民一庭庭长）',
    claims: { sub: 'head-civil-1', name: '王庭长', court: NG, division: 'civil-1', roles: ['division-head'] },
  },
  {
    id: 'vp-a',
    label: '赵副院长（分管民一庭、民二庭）',
    claims: {
      sub: 'vp-a',
      name: '赵副院长',
      court: NG,
      division: 'civil-1',
      divisions: ['civil-1', 'civil-2'],
      roles: ['vice-president'],
    },
  },
  {
    id: 'clerk-a',
    label: '钱干事（立案庭，接收材料）',
    claims: { sub: 'clerk-a', name: '钱干事', court: NG, division: 'filing', roles: ['receiving-clerk'] },
  },
  {
    id: 'tm-a',
    label: '孙科长（审判管理办公室）',
    claims: {
      sub: 'tm-a',
      name: '孙科长',
      court: NG,
      division: 'trial-management',
      roles: ['trial-management'],
    },
  },
  {
    id: 'stat-a',
    label: '周统计员（指定专人）',
    claims: { sub: 'stat-a', name: '周统计员', court: NG, roles: ['statistician'] },
  },
  {
    id: 'it-a',
    label: '吴工程师（信息技术处）',
    claims: { sub: 'it-a', name: '吴工程师', court: NG, roles: ['it-admin'] },
  },
  {
    id: 'auditor-a',
    label: '郑监察员（纪检监察）',
    claims: { sub: 'auditor-a', name: '郑监察员', court: NG, roles: ['auditor'] },
  },
  {
    // The office at the court above that receives the basic court's reports and acknowledges them
    // (R-RP-3).
    id: 'tm-cc',
    label: '陈科长（长春中院审判管理办公室、指定专人：签收下级法院报告）',
    claims: {
      sub: 'tm-cc',
      name: '陈科长',
      court: 'JL-CC',
      division: 'trial-management',
      roles: ['trial-management', 'statistician'],
    },
  },
  {
    // The court above's designated person for retaliation complaints from below (Art 12, R-AB-2):
    // discipline inspection, as the rules designate by default.
    id: 'auditor-cc',
    label: '褚监察员（长春中院纪检监察，指定专人：受理控告）',
    claims: { sub: 'auditor-cc', name: '褚监察员', court: 'JL-CC', roles: ['auditor'] },
  },
  {
    id: 'supervisor-cc',
    label: '冯审判员（长春中院，监督下级法院）',
    claims: { sub: 'supervisor-cc', name: '冯审判员', court: 'JL-CC', roles: ['supervisor'] },
  },
];
