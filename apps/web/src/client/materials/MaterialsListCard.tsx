import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, Card, Empty, Input, Space, Table, Tabs, Tag } from 'antd';
import { useSession } from '../auth/session-context.js';
import { ProblemAlert } from '../frame/ProblemAlert.js';
import { useLoad } from '../office/use-load.js';
import { formatInstant } from '../time.js';
import { stageZh } from './material-chain.js';
import { materialsApi, type MaterialListItem } from './materials-api.js';
import { EXPECTATION_ZH, recordFormPath } from './material-expectations.js';

/**
 * 待我处理的材料 (R-TR-2, R-TR-3): what waits for the caller at their level of the chain (register,
 * pass on, receive from the level before), and every material of theirs; the handler's delivered
 * materials lead straight to a new information form naming them.
 */
export function MaterialsListCard() {
  const { session } = useSession();
  const api = useMemo(() => materialsApi(session.token), [session.token]);
  const waiting = useLoad(() => api.list({ waitingFor: 'me' }), [api]);
  const all = useLoad(() => api.list(), [api]);
  const me = session.actor.sub;
  const columns = [
    {
      title: '案号',
      dataIndex: 'caseNumber',
      render: (v: string, m: MaterialListItem) => <Link to={`/materials/${m.id}`}>{v}</Link>,
    },
    { title: '接收时间', dataIndex: 'receivedAt', render: (v: string) => formatInstant(v) },
    {
      title: '转递人',
      key: 'sender',
      render: (_: unknown, m: MaterialListItem) => `${m.sender.name}（${m.sender.unit}）`,
    },
    { title: '备案号', dataIndex: 'filingNumber', render: (v: string | null) => v ?? '—' },
    { title: '状态', key: 'stage', render: (_: unknown, m: MaterialListItem) => stageZh(m) },
    {
      title: '待我',
      key: 'expected',
      render: (_: unknown, m: MaterialListItem) =>
        m.expectedOfMe ? (
          <Tag color="gold" data-testid="expected-of-me">
            {EXPECTATION_ZH[m.expectedOfMe]}
          </Tag>
        ) : m.deliveredAt && m.route?.handler === me ? (
          <Link to={recordFormPath(m)} data-testid="record-from-materials">
            <Button size="small" type="primary">
              据此填写信息表
            </Button>
          </Link>
        ) : null,
    },
  ];
  return (
    <Card title="待我处理的材料" data-testid="materials-list" extra={<OpenById />}>
      <Tabs
        items={[
          {
            key: 'waiting',
            label: `待我处理${waiting.value ? `（${waiting.value.items.length}）` : ''}`,
            children: (
              <>
                <ProblemAlert error={waiting.error} />
                <Table
                  rowKey="id"
                  size="small"
                  loading={waiting.loading}
                  dataSource={waiting.value?.items ?? []}
                  columns={columns}
                  pagination={{ pageSize: 20, hideOnSinglePage: true }}
                  locale={{ emptyText: <Empty description="没有等待您登记、递转或接收的材料" /> }}
                  data-testid="materials-waiting"
                />
              </>
            ),
          },
          {
            key: 'all',
            label: '全部',
            children: (
              <>
                <ProblemAlert error={all.error} />
                <Table
                  rowKey="id"
                  size="small"
                  loading={all.loading}
                  dataSource={all.value?.items ?? []}
                  columns={columns}
                  pagination={{ pageSize: 20, hideOnSinglePage: true }}
                  locale={{ emptyText: <Empty description="没有经您手的材料" /> }}
                  data-testid="materials-all"
                />
              </>
            ),
          },
        ]}
      />
    </Card>
  );
}

/** Opens a material by the number on a paper filing form. */
function OpenById() {
  const navigate = useNavigate();
  const [id, setId] = useState('');
  return (
    <Space.Compact style={{ width: 360 }}>
      <Input
        aria-label="材料编号"
        placeholder="按材料编号打开（UUID）"
        value={id}
        onChange={(e) => setId(e.target.value.trim())}
      />
      <Button disabled={!id} onClick={() => navigate(`/materials/${id}`)}>
        打开
      </Button>
    </Space.Compact>
  );
}
