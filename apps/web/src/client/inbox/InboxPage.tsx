import { lazy, Suspense, useMemo, useState } from 'react';
import { Button, Card, Col, Empty, Row, Skeleton, Space, Statistic, Table } from 'antd';
import { useSession } from '../auth/session-context.js';
import { LoadedTable } from '../frame/LoadedTable.js';
import { PageStack } from '../frame/PageStack.js';
import { Notice } from '../frame/Notice.js';
import { ProblemAlert } from '../frame/ProblemAlert.js';
import { courtColumn, digestColumn } from '../frame/table-columns.js';
import { useAction } from '../office/use-action.js';
import { useLoad } from '../office/use-load.js';
import { reportsApi } from '../reports/reports-api.js';
import { courtLabel } from '../reports/court-names.js';
import { openReportColumn, reportVersionColumns, versionColumn } from '../reports/report-columns.js';
import { reportCourts } from '../reports/report-courts.js';
import { ReceivedDocuments } from './ReceivedDocuments.js';
import { latestVersions } from './roll-up.js';
import type { Rollup } from '../api/types.js';

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
  const [sum, setSum] = useState<Rollup | null>(null);
  const { pending: busy, error, run } = useAction();
  // The reporting service adds up the court's own records and what its lower courts sent it.
  const roll = (quarter: string) => run(async () => setSum(await api.rollup(a.court, quarter)), quarter);
  return (
    <PageStack testId="inbox">
      {/* The inbox is the court's own: those who may see only the courts below have none. */}
      {reportCourts(a, 'viewing').some((c) => c.code === a.court) && <ReceivedDocuments />}
      <Card title="下级法院报告（最新版本）" extra={<Button onClick={list.reload}>刷新</Button>}>
        <LoadedTable
          size="small"
          read={list}
          rows={lower}
          empty="尚无下级法院报告"
          columns={[...reportVersionColumns, openReportColumn('id')]}
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
        <Card title={`${sum.quarter} 逐级汇总：${courtLabel(sum.court)}及下级法院`} data-testid="roll-up">
          {sum.missing.length > 0 && (
            <Notice
              type="warning"
              testId="roll-up-missing"
              message={`尚未收到报告：${sum.missing.map(courtLabel).join('、')}`}
            />
          )}
          <Space size="large" wrap>
            <Statistic title="合计过问记录" value={sum.combined.records} />
            <Statistic title="本院（按现有记录）" value={sum.own.records} />
          </Space>
          <Table
            size="small"
            rowKey="reportId"
            pagination={false}
            style={{ marginTop: 16 }}
            dataSource={sum.lower}
            locale={{ emptyText: <Empty description="尚未收到下级法院报告" /> }}
            columns={[
              courtColumn('下级法院', 'court'),
              versionColumn,
              { title: '过问记录', dataIndex: 'records' },
              digestColumn('摘要（SHA-256）'),
              openReportColumn('reportId'),
            ]}
          />
          <Suspense fallback={<Skeleton active />}>
            <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
              <Col span={12}>
                <ReportChart title="过问人类别" kind="pie" lines={sum.combined.byInterfererKind} />
              </Col>
              <Col span={12}>
                <ReportChart title="单位类型" kind="pie" lines={sum.combined.byUnitType} />
              </Col>
              <Col span={12}>
                <ReportChart title="过问方式" hideZeros lines={sum.combined.byForm} />
              </Col>
              <Col span={12}>
                <ReportChart title="特别报告事项" hideZeros lines={sum.combined.bySpecialItem} />
              </Col>
            </Row>
          </Suspense>
        </Card>
      )}
    </PageStack>
  );
}
