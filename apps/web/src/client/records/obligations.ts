import type { z } from 'zod';
import type { obligationPageSchema, obligationSchema } from '@jir/contracts';
import { call } from '../api/client.js';

/** A duty with a legal deadline, as the deadline monitor answers (R-DL-1, R-DL-5). */
export type Obligation = z.output<typeof obligationSchema>;

/** The duties of a record, or of a handler in one state, from the deadline monitor. */
export function listObligations(
  token: string,
  q: { recordId?: string; handler?: string; state?: Obligation['state']; limit?: number },
): Promise<Obligation[]> {
  return call<z.output<typeof obligationPageSchema>>(token, 'deadlines', '/v1/obligations', {
    query: { limit: 200, ...q },
  }).then((p) => p.items);
}

/** What a duty asks, in the words of Art 7 and Art 8. */
export const DUTY_ZH: Record<Obligation['kind'], string> = {
  entry: '录入信息表（收到材料后二个工作日内）',
  copy: '报送信息表复印件（三个工作日内）',
  'severe-escalation': '情节严重，立即逐级报告',
  'quarterly-report': '季度分析报告（季度结束后十日内）',
  'committee-report': '向党委政法委报告',
};

/** A duty's state in words, with its tag colour. */
export const DUTY_STATE_ZH: Record<Obligation['state'], { zh: string; color: string }> = {
  pending: { zh: '未到期', color: 'blue' },
  met: { zh: '按期完成', color: 'green' },
  'met-late': { zh: '逾期完成', color: 'orange' },
  breached: { zh: '已逾期', color: 'red' },
  waived: { zh: '已免除', color: 'default' },
};
