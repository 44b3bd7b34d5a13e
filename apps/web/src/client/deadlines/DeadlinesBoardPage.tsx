import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { Button, Card, Col, Empty, Row, Segmented, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useSession } from '../auth/session-context.js';
import { PageStack } from '../frame/PageStack.js';
import { ProblemAlert } from '../frame/ProblemAlert.js';
import { useLoad } from '../office/use-load.js';
import { formatInstant } from '../time.js';
import { BUCKET_ZH, bucketOf, groupBoard, type Bucket } from './board-buckets.js';
import { deadlinesApi } from './deadlines-api.js';
import { OBLIGATION_KIND_ZH, OBLIGATION_STATE_ZH, lateZh } from './obligation-labels.js';
import type { Obligation } from '../api/types.js';

const BUCKETS: Bucket[] = ['due-soon', 'overdue', 'breached', 'met-late'];
const COLORS: Record<Bucket, string> = {
  'due-soon': '#1677ff',
  overdue: '#fa8c16',
  breached: '#cf1322',
  'met-late': '#d48806',
};

/**
 * 期限看板 (R-DL-5): obligations due soon, overdue, breached and met late, by division and by
 * handler, from the deadline monitor; a breach opens its record's timeline.
 */
export function DeadlinesBoardPage() {
  const { session } = useSession();
  const api = useMemo(() => deadlinesApi(session.token), [session.token]);
  const loaded = useLoad(async () => {
    const [pending, breached, late] = await Promise.all([
      api.listAll({ state: 'pending' }),
      api.listAll({ state: 'breached' }),
      api.listAll({ state: 'met-late' }),
    ]);
    return { items: [...pending, ...breached, ...late], at: Date.now() };
  }, [api]);
  const [bucket, setBucket] = useState<Bucket | 'all'>('all');
  const [by, setBy] = useState<'division' | 'handler'>('division');
  const now = loaded.value?.at ?? Date.now();
  const items = loaded.value?.items ?? [];
  const withBucket = items
    .map((o) => ({ o, b: bucketOf(o, now) }))
    .filter((x): x is { o: Obligation; b: Bucket } => x.b !== null);
  const shown = withBucket.filter((x) => bucket === 'all' || x.b === bucket);
  const count = (b: Bucket) => withBucket.filter((x) => x.b === b).length;

  return (
    <PageStack testId="deadlines-board">
      <Card
        title="期限看板"
        extra={
          <Space>
            <Typography.Text type="secondary">
              更新于 {formatInstant(new Date(now).toISOString())}
            </Typography.Text>
            <Button onClick={loaded.reload} loading={loaded.loading} data-testid="board-refresh">
              刷新
            </Button>
          </Space>
        }
      >
        <ProblemAlert error={loaded.error} />
        <Row gutter={16}>
          {BUCKETS.map((b) => (
            <Col span={6} key={b}>
              <Card
                size="small"
                hoverable
                onClick={() => setBucket(bucket === b ? 'all' : b)}
                style={{ borderColor: bucket === b ? COLORS[b] : undefined }}
                data-testid={`bucket-${b}`}
              >
                <Statistic
                  title={BUCKET_ZH[b]}
                  value={loaded.loading && !loaded.value ? '…' : count(b)}
                  valueStyle={{ color: COLORS[b] }}
                />
              </Card>
            </Col>
          ))}
        </Row>
      </Card>
      <Card
        title={by === 'division' ? '按庭室' : '按承办人'}
        extra={
          <Segmented
            value={by}
            onChange={(v) => setBy(v as 'division' | 'handler')}
            options={[
              { value: 'division', label: '按庭室' },
              { value: 'handler', label: '按承办人' },
            ]}
          />
        }
      >
        <Table
          size="small"
          rowKey="key"
          loading={loaded.loading}
          pagination={false}
          dataSource={groupBoard(items, by, now)}
          locale={{ emptyText: <Empty description="没有需要关注的期限" /> }}
          columns={[
            { title: by === 'division' ? '庭室' : '承办人', dataIndex: 'key' },
            ...BUCKETS.map((b) => ({
              title: BUCKET_ZH[b],
              key: b,
              render: (_: unknown, g: ReturnType<typeof groupBoard>[number]) =>
                g.counts[b] ? <span style={{ color: COLORS[b], fontWeight: 600 }}>{g.counts[b]}</span> : 0,
            })),
          ]}
        />
      </Card>
      <Card title={bucket === 'all' ? '全部需要关注的期限' : BUCKET_ZH[bucket]}>
        <Table
          size="small"
          rowKey={(x) => x.o.id}
          loading={loaded.loading}
          dataSource={shown}
          pagination={{ pageSize: 20 }}
          locale={{ emptyText: <Empty description="没有符合条件的期限义务" /> }}
          columns={[
            {
              title: '状态',
              key: 'b',
              render: (_: unknown, x) => (
                <Tag color={x.b === 'breached' ? 'red' : x.b === 'met-late' ? 'orange' : 'blue'}>
                  {BUCKET_ZH[x.b]}
                </Tag>
              ),
            },
            { title: '义务', key: 'kind', render: (_: unknown, x) => OBLIGATION_KIND_ZH[x.o.kind] },
            { title: '庭室', key: 'division', render: (_: unknown, x) => x.o.division ?? '—' },
            { title: '承办人', key: 'handler', render: (_: unknown, x) => x.o.handler ?? '—' },
            {
              title: '期限',
              key: 'due',
              render: (_: unknown, x) => x.o.dueDate ?? x.o.pendingReason ?? '—',
            },
            {
              title: '情况',
              key: 'state',
              render: (_: unknown, x) =>
                x.o.state === 'met-late'
                  ? `逾期 ${lateZh(x.o.lateByMs)} 完成`
                  : x.o.breachedAt
                    ? `于 ${formatInstant(x.o.breachedAt)} 超期`
                    : OBLIGATION_STATE_ZH[x.o.state].zh,
            },
            {
              title: '',
              key: 'open',
              render: (_: unknown, x) =>
                x.o.recordId ? (
                  <Link to={`/deadlines/records/${x.o.recordId}`} data-testid="open-timeline">
                    查看时间线
                  </Link>
                ) : x.o.quarter ? (
                  `${x.o.quarter} 季度`
                ) : null,
            },
          ]}
        />
      </Card>
    </PageStack>
  );
}
