import { useEffect, useState } from 'react';
import { Card, Empty, Table, Tag } from 'antd';
import { useSession } from '../auth/session-context.js';
import { ProblemAlert } from '../frame/ProblemAlert.js';
import { formatInstant } from '../time.js';
import { OBLIGATION_KIND_ZH, OBLIGATION_STATE_ZH } from '../deadlines/obligation-labels.js';
import type { Obligation } from '../api/types.js';
import { listObligations } from './obligations.js';

/**
 * The record's duties with their legal due dates and states, as the deadline monitor computed
 * them from the calendar in force (R-DL-1, R-DL-3, R-DL-5). `revision` reloads them after a change.
 */
export function RecordObligations({ recordId, revision }: { recordId: string; revision: string }) {
  const { session } = useSession();
  const [rows, setRows] = useState<Obligation[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    setError(null);
    listObligations(session.token, { recordId }).then(setRows, (e: unknown) => {
      setError(e);
      setRows([]);
    });
  }, [session.token, recordId, revision]);
  return (
    <Card title="法定期限" data-testid="record-obligations">
      <ProblemAlert error={error} />
      <Table<Obligation>
        rowKey="id"
        size="small"
        pagination={false}
        loading={rows === null}
        dataSource={rows ?? []}
        locale={{ emptyText: <Empty description="期限监控尚未登记此记录的期限（录入后数秒内出现）" /> }}
        columns={[
          { title: '事项', render: (_, o) => OBLIGATION_KIND_ZH[o.kind] },
          { title: '起算', render: (_, o) => formatInstant(o.startsAt) },
          {
            title: '法定期限',
            render: (_, o) =>
              o.dueDate ? `${o.dueDate} 24 时前` : (o.pendingReason ?? '日历未覆盖该年度，期限待定'),
          },
          {
            title: '状态',
            render: (_, o) => (
              <Tag color={OBLIGATION_STATE_ZH[o.state].color} data-testid="obligation-state">
                {OBLIGATION_STATE_ZH[o.state].zh}
              </Tag>
            ),
          },
          {
            title: '完成 / 逾期',
            render: (_, o) =>
              o.metAt
                ? `完成于 ${formatInstant(o.metAt)}`
                : o.breachedAt
                  ? `逾期于 ${formatInstant(o.breachedAt)}`
                  : o.waived
                    ? `${o.waived.by} 免除：${o.waived.reason}`
                    : '—',
          },
        ]}
      />
    </Card>
  );
}
