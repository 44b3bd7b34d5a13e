import { useMemo, useState, type ComponentProps } from 'react';
import { useParams } from 'react-router';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Row,
  Skeleton,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useSession } from '../auth/session-context.js';
import { PageStack } from '../frame/PageStack.js';
import { Notice } from '../frame/Notice.js';
import { ProblemAlert } from '../frame/ProblemAlert.js';
import { instantColumn } from '../frame/table-columns.js';
import { useAction } from '../office/use-action.js';
import { useLoad } from '../office/use-load.js';
import { formatInstant } from '../time.js';
import { courtLabel } from './court-names.js';
import { monthLines, timelinessLines } from './report-breakdowns.js';
import { downloadBlob, reportFileName, reportJson, reportWorkbook } from './report-files.js';
import { ReportChart } from './ReportChart.js';
import { ReportDeliveries } from './ReportDeliveries.js';
import { reportsApi } from './reports-api.js';
import type { Report, ReportVerification } from '../api/types.js';

/**
 * One frozen quarterly report: charts where a picture says it faster (special items, interferer
 * kinds, unit types, forms, the monthly trend, timeliness), the same figures as tables, the
 * special-items list, declarations, recipients; downloads as PDF (print), Excel and JSON;
 * verification of digest and signature; sending to the recipients (R-RP-1, R-RP-2, R-RP-3, R-RP-4).
 */
export function ReportPage() {
  const { id = '' } = useParams();
  const { session } = useSession();
  const api = useMemo(() => reportsApi(session.token), [session.token]);
  const loaded = useLoad(() => api.get(id), [api, id]);
  const r = loaded.value;
  if (!r)
    return (
      <Card title="季度报告">
        {loaded.loading ? <Skeleton active /> : <ProblemAlert error={loaded.error} />}
      </Card>
    );
  return (
    <PageStack testId="report">
      <Header r={r} />
      <Tabs
        items={[
          { key: 'charts', label: '图表', children: <Charts r={r} /> },
          { key: 'tables', label: '数据表', children: <Tables r={r} /> },
          { key: 'items', label: '特别报告事项清单', children: <SpecialItems r={r} /> },
          { key: 'declarations', label: '申报情况', children: <Declarations r={r} /> },
          { key: 'recipients', label: '报送', children: <ReportDeliveries r={r} /> },
        ]}
      />
    </PageStack>
  );
}

function Header({ r }: { r: Report }) {
  const { session } = useSession();
  const api = useMemo(() => reportsApi(session.token), [session.token]);
  const [verification, setVerification] = useState<ReportVerification | null>(null);
  const { pending, error, run } = useAction();
  const verify = () => run(async () => setVerification(await api.verify(r.id)), 'verify');
  const excel = () =>
    run(async () => downloadBlob(await reportWorkbook(r), reportFileName(r, 'xlsx')), 'excel');
  return (
    // The title wraps and the buttons sit below it: beside a long court name in the header,
    // the buttons left the title no room and cut its 临时 tag off.
    <Card
      styles={{ title: { whiteSpace: 'normal' } }}
      title={
        <Space wrap>
          {`${courtLabel(r.court)} ${r.quarter} 过问案件季度报告`}
          <Tag>第 {r.version} 版</Tag>
          {r.provisional ? (
            <Tag color="orange" data-testid="provisional">
              临时（季度未结束）
            </Tag>
          ) : (
            <Tag color="green">正式</Tag>
          )}
        </Space>
      }
    >
      <Space wrap className="no-print" style={{ marginBottom: 16 }}>
        <Button onClick={() => window.print()} data-testid="download-pdf">
          打印 / 另存为 PDF
        </Button>
        <Button loading={pending === 'excel'} onClick={() => void excel()} data-testid="download-excel">
          下载 Excel
        </Button>
        <Button
          onClick={() => downloadBlob(reportJson(r), reportFileName(r, 'json'))}
          data-testid="download-json"
        >
          下载 JSON
        </Button>
        <Button onClick={() => void verify()} data-testid="verify-report">
          核验
        </Button>
      </Space>
      <ProblemAlert error={error} />
      {r.provisional && (
        <Notice
          type="warning"
          message="本报告生成时季度尚未结束，数字为临时统计，季度结束后应重新生成正式版本。"
        />
      )}
      {verification && (
        <Alert
          data-testid="verification"
          type={
            verification.digestMatches && verification.signatureValid && verification.matchesReadModel
              ? 'success'
              : 'error'
          }
          showIcon
          style={{ marginBottom: 12 }}
          message={`摘要${verification.digestMatches ? '一致' : '不一致'}，签名${
            verification.signatureValid ? '有效' : '无效'
          }，与现有数据重算${verification.matchesReadModel ? '一致' : '不一致（生成后数据有变更）'}`}
        />
      )}
      <Descriptions size="small" column={3}>
        <Descriptions.Item label="记录总数">
          <span data-testid="report-total">{r.totals.records}</span>
        </Descriptions.Item>
        <Descriptions.Item label="生成时间">{formatInstant(r.generatedAt)}</Descriptions.Item>
        <Descriptions.Item label="生成人">{r.generatedBy}</Descriptions.Item>
        <Descriptions.Item label="抽查核实">
          确认 {r.sampleVerification.confirmed} 件，存疑 {r.sampleVerification.disputed} 件
        </Descriptions.Item>
        <Descriptions.Item label="SHA-256" span={2}>
          <Typography.Text code copyable>
            {r.digest}
          </Typography.Text>
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

function Charts({ r }: { r: Report }) {
  const t = r.totals;
  if (t.records === 0)
    return (
      <Card>
        <Empty description="本季度没有过问记录（零报告）；期限遵守情况见下。" />
        <ReportChart title="期限遵守" lines={timelinessLines(r)} testId="chart-timeliness" />
      </Card>
    );
  const charts: ComponentProps<typeof ReportChart>[] = [
    { title: '特别报告事项', hideZeros: true, lines: t.bySpecialItem, testId: 'chart-special-items' },
    { title: '过问人类别', kind: 'pie', lines: t.byInterfererKind, testId: 'chart-kinds' },
    { title: '单位类型', kind: 'pie', lines: t.byUnitType, testId: 'chart-unit-types' },
    { title: '过问方式', lines: t.byForm, testId: 'chart-forms' },
    { title: '按月趋势', kind: 'line', lines: monthLines(r), testId: 'chart-months' },
    { title: '期限遵守', lines: timelinessLines(r), testId: 'chart-timeliness' },
  ];
  return (
    <Row gutter={[16, 16]} data-testid="report-charts">
      {charts.map((c) => (
        <Col span={12} key={c.testId}>
          <Card size="small">
            <ReportChart {...c} />
          </Card>
        </Col>
      ))}
    </Row>
  );
}

function Tables({ r }: { r: Report }) {
  const t = r.totals;
  const blocks: [string, { label: string; count: number }[]][] = [
    ['特别报告事项', t.bySpecialItem],
    ['过问人类别', t.byInterfererKind],
    ['单位类型', t.byUnitType],
    ['过问方式', t.byForm],
    ['所处阶段', t.byStage],
    ['庭室', t.byDivision],
    ['按月', monthLines(r)],
    ['期限遵守', timelinessLines(r)],
  ];
  return (
    <Row gutter={[16, 16]}>
      {blocks.map(([title, lines]) => (
        <Col span={8} key={title}>
          <Table
            size="small"
            title={() => <strong>{title}</strong>}
            rowKey="label"
            pagination={false}
            dataSource={lines}
            locale={{ emptyText: '无' }}
            columns={[
              { title: '项目', dataIndex: 'label' },
              { title: '件数', dataIndex: 'count', align: 'right' },
            ]}
          />
        </Col>
      ))}
    </Row>
  );
}

function SpecialItems({ r }: { r: Report }) {
  const rows = r.specialItems.flatMap((s) => s.records.map((rec) => ({ ...rec, item: s.label })));
  return (
    <Table
      size="small"
      rowKey={(x) => `${x.item}-${x.recordId}`}
      dataSource={rows}
      locale={{ emptyText: <Empty description="本季度没有特别报告事项" /> }}
      columns={[
        { title: '事项', dataIndex: 'item' },
        { title: '案号', dataIndex: 'caseNumber' },
        {
          title: '过问人',
          key: 'who',
          render: (_: unknown, x) =>
            x.interferer ? `${x.interferer.name}（${x.interferer.unit}，${x.interferer.position}）` : '—',
        },
        instantColumn('收到时间', 'receivedAt'),
      ]}
    />
  );
}

function Declarations({ r }: { r: Report }) {
  const d = r.declarations;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card size="small" title={`尚未申报（${d.missing.length} 人）`}>
        {d.missing.length ? d.missing.map((h) => <Tag key={h}>{h}</Tag>) : '全部已申报'}
      </Card>
      <Card size="small" title="已申报">
        <Table
          size="small"
          rowKey="handler"
          pagination={false}
          dataSource={d.declared}
          locale={{ emptyText: '无' }}
          columns={[
            { title: '承办人', dataIndex: 'handler' },
            {
              title: '申报',
              dataIndex: 'kind',
              render: (k: string) => (k === 'nothing' ? '本季度无过问事项' : '记录完整'),
            },
            instantColumn('时间', 'at'),
          ]}
        />
      </Card>
      {d.longZeroRuns.length > 0 && (
        <Alert
          type="warning"
          showIcon
          message="连续多个季度申报“无过问事项”"
          description={d.longZeroRuns.map((z) => `${z.handler}：连续 ${z.quarters} 个季度`).join('；')}
        />
      )}
    </Space>
  );
}
