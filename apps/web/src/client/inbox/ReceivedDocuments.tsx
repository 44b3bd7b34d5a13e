import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { Button, Card, Space, Tag, Typography } from 'antd';
import { can } from '@jir/rules';
import { useSession } from '../auth/session-context.js';
import { LoadedTable } from '../frame/LoadedTable.js';
import { courtColumn, instantColumn, optionalColumn } from '../frame/table-columns.js';
import { useAction } from '../office/use-action.js';
import { useLoad } from '../office/use-load.js';
import { reportsApi } from '../reports/reports-api.js';
import { formatInstant } from '../time.js';
import type { InboxItem } from '../api/types.js';

const KIND: Record<InboxItem['kind'], string> = {
  'quarterly-report': '季度报告',
  'severe-escalation': '情节严重案件逐级报告',
  'compliance-circular': '期限遵守情况通报',
};

/**
 * 收件箱 (R-RP-3): what the caller's courts received from the courts below (reports, severe
 * escalations) or above (circulars), newest first, each acknowledged (签收) once by the receiving
 * court's staff who handle reports; the first acknowledgement stands.
 */
export function ReceivedDocuments() {
  const { session } = useSession();
  const api = useMemo(() => reportsApi(session.token), [session.token]);
  const inbox = useLoad(() => api.inbox({}), [api]);
  const { pending: busy, error, run } = useAction();
  const [done, setDone] = useState<Map<string, InboxItem>>(new Map());
  const items = (inbox.value?.items ?? []).map((i) => done.get(`${i.documentId}|${i.recipient}`) ?? i);

  const acknowledge = (i: InboxItem) => {
    const k = `${i.documentId}|${i.recipient}`;
    return run(async () => {
      const after = await api.acknowledge(i.documentId, i.recipient);
      setDone((m) => new Map(m).set(k, after));
    }, k);
  };

  return (
    <Card
      title="收件箱"
      data-testid="received-documents"
      extra={
        <Button onClick={inbox.reload} data-testid="inbox-refresh">
          刷新
        </Button>
      }
    >
      <LoadedTable
        rowKey={(i) => `${i.documentId}|${i.recipient}`}
        size="small"
        read={{ loading: inbox.loading, error: error ?? inbox.error }}
        rows={items}
        empty="收件箱为空"
        columns={[
          { title: '文件', dataIndex: 'kind', render: (k: InboxItem['kind']) => KIND[k] },
          courtColumn('报送法院', 'fromCourt'),
          courtColumn('收件法院', 'recipient'),
          optionalColumn('季度', 'quarter'),
          {
            title: '来源',
            dataIndex: 'source',
            render: (s: string) => (s === 'local' ? '本系统' : `对端部署 ${s}`),
          },
          instantColumn('收到时间', 'receivedAt'),
          {
            title: '签收',
            key: 'ack',
            render: (_: unknown, i) =>
              i.acknowledgedAt ? (
                <Space direction="vertical" size={0} data-testid="acknowledged">
                  <Tag color="green">已签收</Tag>
                  <Typography.Text type="secondary">
                    {i.acknowledgedBy}，{formatInstant(i.acknowledgedAt)}
                  </Typography.Text>
                </Space>
              ) : can(session.actor, 'reporting', { kind: 'report', court: i.recipient }) ? (
                <Button
                  size="small"
                  type="primary"
                  loading={busy === `${i.documentId}|${i.recipient}`}
                  onClick={() => void acknowledge(i)}
                  data-testid="acknowledge"
                >
                  签收
                </Button>
              ) : (
                <Tag>待签收</Tag>
              ),
          },
          {
            title: '',
            key: 'open',
            render: (_: unknown, i) =>
              i.kind === 'quarterly-report' ? <Link to={`/reports/${i.documentId}`}>查看</Link> : null,
          },
        ]}
      />
    </Card>
  );
}
