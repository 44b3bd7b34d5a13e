import { lazy, Suspense, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { Alert, Button, Card, Col, Empty, Row, Skeleton, Space, Statistic, Table, Tag } from 'antd';
import { useSession } from '../auth/session-context.js';
import { ProblemAlert } from '../frame/ProblemAlert.js';
import { useLoad } from '../office/use-load.js';
import { reportsApi } from '../reports/reports-api.js';
import { formatInstant } from '../time.js';
import { reportCourts } from '../reports/report-courts.js';
import { ReceivedDocuments } from './ReceivedDocuments.js';
import { latestVersions, rollUp, type RollUp } from './roll-up.js';

// The charts library loads with the roll-up, not with the inbox list.
const ReportChart = lazy(() => import('../reports/ReportChart.js').then((m) => ({ default: m.ReportChart })));

/**
 * 下级法院报告 (R-RP-3): the inbox of the caller's court with acknowledgement (for those who handle
 * its reports), the reports of the courts below that the caller may see, newest version of each,
 * and their roll-up for a quarter.
 */
export function InboxPage() {
  const { session } = useSession();
  const a = session.actor;
  const api = useMemo(() => reportsApi(session.token), [session.token]);
  const list = useLoad(() => api.list({}), [api]);
  const lower = latestVersions((list.value?.items ?? []).filter((r) => r.court !== a.court));
  const quarters = [...new Set(lower.map((r) => r.quarter))];
  const [sum, setSum] = useState<RollUp | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const roll = async (quarter: string) => {
    setError(null);
    setBusy(quarter);
    try {
      const reports = await Promise.all(lower.filter((r) => r.quarter === quarter).map((r) => api.get(r.id)));
      setSum(rollUp(reports));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="inbox">
      {/* The inbox is the court's own: those who may see only the courts below have none. */}
      {reportCourts(a, 'viewing').some((c) => c.code === a.court) && <ReceivedDocuments />}
      <Card title="下级法院报告（最新版本）" extra={<Button onClick={list.reload}>刷新</Button>}>
        <ProblemAlert error={list.error} />
        <Table
          rowKey="id"
          size="small"
          loading={list.loading}
          dataSource={lower}
          locale={{ emptyText: <Empty description="尚无下级法院报告" /> }}
          columns={[
            { title: '法院', dataIndex: 'court' },
            { title: '季度', dataIndex: 'quarter' },
            { title: '版本', dataIndex: 'version', render: (v: number) => `第 ${v} 版` },
            {
              title: '性质',
              dataIndex: 'provisional',
              render: (p: boolean) => (p ? <Tag color="orange">临时</Tag> : <Tag color="green">正式</Tag>),
            },
            { title: '生成时间', dataIndex: 'generatedAt', render: (v: string) => formatInstant(v) },
            { title: '', key: 'open', render: (_: unknown, r) => <Link to={`/reports/${r.id}`}>查看</Link> },
          ]}
        />
        <Space wrap style={{ marginTop: 12 }}>
          {quarters.map((q) => (
            <Button key={q} loading={busy === q} onClick={() => void roll(q)}>
              汇总 {q}
            </Button>
          ))}
        </Space>
      </Card>
      <ProblemAlert error={error} />
      {sum && (
        <Card title={`${sum.quarter} 下级法院汇总（${sum.courts.join('、')}）`} data-testid="roll-up">
          {sum.provisional && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              message="其中含季度未结束时生成的临时报告。"
            />
          )}
          <Statistic title="过问记录合计" value={sum.records} />
          <Suspense fallback={<Skeleton active />}>
            <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
              <Col span={12}>
                <ReportChart title="过问人类别" kind="pie" lines={sum.byInterfererKind} />
              </Col>
              <Col span={12}>
                <ReportChart title="单位类型" kind="pie" lines={sum.byUnitType} />
              </Col>
              <Col span={12}>
                <ReportChart title="过问方式" hideZeros lines={sum.byForm} />
              </Col>
              <Col span={12}>
                <ReportChart title="特别报告事项" hideZeros lines={sum.bySpecialItem} />
              </Col>
            </Row>
          </Suspense>
        </Card>
      )}
    </Space>
  );
}
