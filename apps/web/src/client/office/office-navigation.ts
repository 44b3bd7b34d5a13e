import { can, DEFAULT_COURTS, listingScope, type Actor } from '@jir/rules';
import type { NavEntry } from '../frame/navigation.js';
import { supervisesDeadlines } from '../deadlines/supervision.js';
import { reportCourts } from '../reports/report-courts.js';

const court = (a: Actor) => ({ court: a.court });

/**
 * The part-2 navigation entries (issue 17), shown by the same rights the services enforce. Materials: whoever receives, files or may hold materials on their way
 * (every level views its own); the board: whoever sees obligations beyond their own; reports:
 * whoever may view or generate one.
 */
export const OFFICE_NAVIGATION: readonly NavEntry[] = [
  {
    key: 'materials',
    path: '/materials',
    label: '过问材料',
    visible: (a) =>
      can(a, 'entry', { kind: 'material', ...court(a) }) || listingScope(a, 'viewing', 'material') !== null,
  },
  {
    key: 'deadlines',
    path: '/deadlines',
    label: '期限看板',
    // Beyond one's own duties: the whole court (trial management) or one's divisions.
    visible: supervisesDeadlines,
  },
  {
    key: 'reports',
    path: '/reports',
    label: '季度报告',
    visible: (a) => reportCourts(a, 'viewing').length > 0 || reportCourts(a, 'reporting').length > 0,
  },
  {
    key: 'inbox',
    path: '/inbox',
    label: '下级法院报告',
    visible: (a) => reportCourts(a, 'viewing').some((c) => c.code !== a.court),
  },
  {
    key: 'declarations',
    path: '/declarations',
    label: '季度申报',
    visible: (a) => can(a, 'reporting', { kind: 'declaration', ...court(a), handler: a.sub }),
  },
  {
    key: 'compliance',
    path: '/compliance',
    label: '期限遵守与通报',
    // A higher court's supervisors (reports of the courts below) and trial management of any court.
    visible: (a) =>
      reportCourts(a, 'viewing').some((c) => c.code !== a.court) ||
      can(a, 'processing', { kind: 'calendar', ...court(a) }),
  },
  {
    key: 'calendar',
    path: '/calendar',
    label: '节假日安排',
    // One calendar serves every court of the deployment: the reporting hub's trial management
    // loads it (Art 8, Art 14), and the deadline monitor refuses anyone else.
    visible: (a) => can(a, 'processing', { kind: 'calendar', court: DEFAULT_COURTS.reportingHub }),
  },
  {
    key: 'identities',
    path: '/identities',
    label: '过问人',
    visible: (a) => can(a, 'viewing', { kind: 'interferer-identity', ...court(a) }),
  },
  {
    key: 'sampling',
    path: '/sampling',
    label: '抽查核实',
    visible: (a) =>
      can(a, 'viewing', { kind: 'sample-draw', ...court(a) }) ||
      listingScope(a, 'processing', 'sample-verification') !== null,
  },
  {
    key: 'ledger',
    path: '/ledger',
    label: '责任追究台账',
    visible: (a) => can(a, 'viewing', { kind: 'ledger', ...court(a) }),
  },
  // Any member of a court may complain of retaliation; what they see there follows can().
  { key: 'complaints', path: '/complaints', label: '打击报复控告', visible: () => true },
  {
    key: 'audit',
    path: '/audit',
    label: '审计核验',
    visible: (a) =>
      can(a, 'viewing', { kind: 'audit-chain', ...court(a) }) ||
      can(a, 'viewing', { kind: 'audit-head', ...court(a) }),
  },
  {
    key: 'staff',
    path: '/staff',
    label: '人员名录',
    // Everyone may read the directory (the form's pickers use it); the page is for those who load it.
    visible: (a) => can(a, 'processing', { kind: 'staff-directory', ...court(a) }),
  },
  {
    key: 'store-integrity',
    path: '/store-integrity',
    label: '证据完整性',
    visible: (a) => can(a, 'viewing', { kind: 'store-integrity', ...court(a) }),
  },
];
