import { useMemo } from 'react';
import { useNavigate } from 'react-router';
import { Button, Card, Form, Input, Select, Typography } from 'antd';
import { quarterOf } from '@jir/rules';
import { reportCourts } from './report-courts.js';
import { useSession } from '../auth/session-context.js';
import { LoadedTable } from '../frame/LoadedTable.js';
import { PageStack } from '../frame/PageStack.js';
import { Notice } from '../frame/Notice.js';
import { ProblemAlert } from '../frame/ProblemAlert.js';
import { digestColumn } from '../frame/table-columns.js';
import { useAction } from '../office/use-action.js';
import { useLoad } from '../office/use-load.js';
import { openReportColumn, reportVersionColumns } from './report-columns.js';
import { reportsApi } from './reports-api.js';

/**
 * 季度报告 (R-RP-1): generate a court's quarterly report (provisional while the quarter runs)
 * and open any stored version.
 */
export function ReportsPage() {
  const { session } = useSession();
  const a = session.actor;
  const api = useMemo(() => reportsApi(session.token), [session.token]);
  const navigate = useNavigate();
  const [form] = Form.useForm<{ court: string; quarter: string }>();
  const { busy, error, run } = useAction(form);
  const current = quarterOf(new Date());
  const list = useLoad(() => api.list({}), [api]);
  const courts = reportCourts(a, 'reporting');
  const mayGenerate = courts.length > 0;

  const generate = () =>
    run(async () => {
      const r = await api.generate(form.getFieldsValue(true));
      navigate(`/reports/${r.id}`);
    });

  return (
    <PageStack>
      {mayGenerate && (
        <Card title="生成季度报告" data-testid="generate-report">
          <Typography.Paragraph type="secondary">
            报告在生成时冻结并签名；季度尚未结束时生成的是临时统计（标注“临时”），季度结束后须重新生成正式版本。
          </Typography.Paragraph>
          <ProblemAlert error={error} />
          <Form form={form} layout="inline" initialValues={{ court: courts[0]?.code, quarter: current }}>
            <Form.Item name="court" label="法院">
              <Select
                style={{ width: 220 }}
                options={courts.map((c) => ({ value: c.code, label: `${c.name}（${c.code}）` }))}
              />
            </Form.Item>
            <Form.Item name="quarter" label="季度" extra="如 2026-Q3">
              <Input style={{ width: 120 }} />
            </Form.Item>
            <Button type="primary" loading={busy} onClick={() => void generate()} data-testid="generate">
              生成报告
            </Button>
          </Form>
        </Card>
      )}
      <Card title="报告版本" extra={<Button onClick={list.reload}>刷新</Button>}>
        {/* Shown only without a refusal, so it stands where the refusal would. */}
        {!mayGenerate && !list.error && (
          <Notice
            type="info"
            message="您可以查看有权查看的法院报告；生成报告由审判管理部门或指定统计人员进行。"
          />
        )}
        <LoadedTable
          size="small"
          read={list}
          rows={list.value?.items}
          empty="还没有生成过报告"
          columns={[...reportVersionColumns, digestColumn('摘要'), openReportColumn('id')]}
        />
      </Card>
    </PageStack>
  );
}
