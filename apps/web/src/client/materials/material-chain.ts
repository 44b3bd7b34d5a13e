import type { Filing, Material, Transfer } from '../api/types.js';

/** A level of the transfer after registration (R-TR-3). */
export type Hop = Transfer['hop'];

/**
 * The levels in the order intake enforces (TRANSFER_HOPS of @jir/contracts), with whom the filing
 * form names for each. Repeated here as data because the contracts' values would pull zod into
 * the bundle; the type check ties every hop to the contract's enum.
 */
export const HOPS: readonly { hop: Hop; zh: string; field: keyof Filing }[] = [
  { hop: 'trial-department', zh: '审判(执行)部门', field: 'departmentReceiver' },
  { hop: 'vice-president', zh: '分管院长', field: 'vicePresident' },
  { hop: 'division-head', zh: '庭(处)长', field: 'divisionHead' },
  { hop: 'case-handler', zh: '案件承办人', field: 'handler' },
];

/** Chinese name of a hop (or of registration), for the hop history. */
export function hopZh(hop: string): string {
  if (hop === 'registration') return '审判管理部门登记备案';
  return HOPS.find((h) => h.hop === hop)?.zh ?? hop;
}

/** Where the materials stand, in words. */
export function stageZh(m: Material): string {
  if (m.nextHop === null) return `已递转至案件承办人（${m.holder}）`;
  if (m.nextHop === 'registration') return '待审判管理部门登记备案';
  return `待递转至${hopZh(m.nextHop)}（当前持有人 ${m.holder}）`;
}

/** The next level and the person the filing form names for it, when the materials are to be passed on. */
export function nextStep(m: Material): { hop: Hop; zh: string; to: string } | null {
  const h = HOPS.find((x) => x.hop === m.nextHop);
  if (!h || !m.route) return null;
  return { hop: h.hop, zh: h.zh, to: m.route[h.field] };
}
