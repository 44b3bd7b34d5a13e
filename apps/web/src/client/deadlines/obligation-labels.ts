import type { Obligation } from '../api/types.js';

/** Chinese names of the obligation kinds (Art 7, Art 8). */
export const OBLIGATION_KIND_ZH: Record<Obligation['kind'], string> = {
  entry: '录入信息表（收到材料后二个工作日内）',
  copy: '报送信息表复印件（三个工作日内）',
  'severe-escalation': '情节严重，立即逐级报告',
  'quarterly-report': '季度分析报告（季度结束后十日内）',
  'committee-report': '向党委政法委报告',
};

/** Chinese names of the obligation states (R-DL-5). */
export const OBLIGATION_STATE_ZH: Record<Obligation['state'], { zh: string; color: string }> = {
  pending: { zh: '未到期', color: 'blue' },
  met: { zh: '按期完成', color: 'green' },
  'met-late': { zh: '逾期完成', color: 'orange' },
  breached: { zh: '已违反期限', color: 'red' },
  waived: { zh: '已免除', color: 'default' },
};

/** A lateness in days and hours, for "met late by". */
export function lateZh(ms: number | undefined): string {
  if (!ms) return '';
  const h = Math.round(ms / 3_600_000);
  return h >= 24 ? `${Math.floor(h / 24)} 天 ${h % 24} 小时` : `${h} 小时`;
}

/** What the history entry's `what` means, for the timeline. */
export function historyZh(what: string): string {
  const names: Record<string, string> = {
    created: '产生期限义务',
    reminded: '发出到期提醒',
    breached: '超过期限（违反）',
    met: '履行',
    'met-late': '逾期履行',
    waived: '免除',
    rescheduled: '节假日安排变更，重算期限',
  };
  return names[what] ?? what;
}
