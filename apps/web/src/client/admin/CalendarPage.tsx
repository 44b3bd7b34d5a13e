import { useMemo, useState } from 'react';
import { Button, Card, Empty, Form, Input, InputNumber, Modal, Space, Table, Typography } from 'antd';
import { useSession } from '../auth/session-context.js';
import { deadlinesApi } from '../deadlines/deadlines-api.js';
import { OBLIGATION_KIND_ZH } from '../deadlines/obligation-labels.js';
import { Notice } from '../frame/Notice.js';
import { ProblemAlert } from '../frame/ProblemAlert.js';
import { showFieldErrors } from '../office/field-errors.js';
import { courtLabel } from '../reports/court-names.js';
import { parseDates } from './arrangement-dates.js';
import type { CalendarPreview, CalendarYear } from '../api/types.js';

/**
 * 节假日安排 (R-DL-3): the reporting hub's trial management loads a year's State Council
 * arrangement. Before it is confirmed, the deadline monitor says what the load would do: how many
 * open duties of each court get a new due date, and those the loader may read with their dates;
 * the service then recomputes them and says how many it changed.
 */
/** One duty the load would move, with its due date before and after. */
type Change = CalendarPreview['changes'][number];

export function CalendarPage() {
  const { session } = useSession();
  const api = useMemo(() => deadlinesApi(session.token), [session.token]);
  const [form] = Form.useForm<{ year: number; holidays: string; makeUpWorkdays: string }>();
  const [current, setCurrent] = useState<CalendarYear | null>(null);
  const [changes, setChanges] = useState<CalendarPreview | null>(null);
  const [loaded, setLoaded] = useState<CalendarYear | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const values = () => {
    const v = form.getFieldsValue(true);
    return {
      year: Number(v.year),
      holidays: parseDates(v.holidays ?? ''),
      makeUpWorkdays: parseDates(v.makeUpWorkdays ?? ''),
    };
  };

  const showCurrent = async () => {
    setError(null);
    try {
      const y = await api.calendar(Number(form.getFieldValue('year')));
      setCurrent(y);
      form.setFieldsValue({ holidays: y.holidays.join('\n'), makeUpWorkdays: y.makeUpWorkdays.join('\n') });
    } catch (e) {
      setError(e);
    }
  };

  const preview = async () => {
    setError(null);
    setBusy(true);
    try {
      const v = values();
      setChanges(
        await api.previewCalendar(v.year, { holidays: v.holidays, makeUpWorkdays: v.makeUpWorkdays }),
      );
    } catch (e) {
      showFieldErrors(form, e);
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const confirm = async () => {
    setBusy(true);
    try {
      const v = values();
      setLoaded(await api.loadCalendar(v.year, { holidays: v.holidays, makeUpWorkdays: v.makeUpWorkdays }));
      setChanges(null);
    } catch (e) {
      setChanges(null);
      // Dates are reported by their index (holidays.3): shown beside the list they belong to.
      showFieldErrors(form, e);
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title="法定节假日安排" data-testid="calendar">
      <Typography.Paragraph type="secondary">
        期限按工作日计算（最后一日为节假日的顺延）。国务院公布下一年度的节假日安排后，请在此导入：
        每行一个日期（YYYY-MM-DD）。确认前，系统列出截止日期将会改变的未完成期限。
      </Typography.Paragraph>
      <ProblemAlert error={error} />
      {loaded && (
        <Notice
          type="success"
          below={16}
          message={`已导入 ${loaded.year} 年安排，重算了 ${loaded.recomputed ?? 0} 项未完成期限。`}
        />
      )}
      <Form form={form} layout="vertical" initialValues={{ year: new Date().getFullYear() + 1 }}>
        <Space align="end">
          <Form.Item name="year" label="年份">
            <InputNumber min={2000} max={2200} />
          </Form.Item>
          <Form.Item>
            <Button onClick={() => void showCurrent()}>读取现行安排</Button>
          </Form.Item>
        </Space>
        {current && (
          <Typography.Paragraph type="secondary">
            现行 {current.year} 年安排：
            {current.source === 'loaded' ? `由 ${current.loadedBy} 导入` : '系统内置'}，节假日{' '}
            {current.holidays.length} 天，调休上班 {current.makeUpWorkdays.length} 天。
          </Typography.Paragraph>
        )}
        <Space align="start" size="large" wrap>
          <Form.Item name="holidays" label="法定节假日（含假期中的周末）">
            <Input.TextArea rows={10} style={{ width: 280 }} />
          </Form.Item>
          <Form.Item name="makeUpWorkdays" label="调休上班日">
            <Input.TextArea rows={10} style={{ width: 280 }} />
          </Form.Item>
        </Space>
        <Button type="primary" loading={busy} onClick={() => void preview()}>
          预览影响并导入
        </Button>
      </Form>
      <Modal
        open={changes !== null}
        title="确认导入节假日安排"
        okText="确认导入"
        cancelText="取消"
        width={760}
        confirmLoading={busy}
        onOk={() => void confirm()}
        onCancel={() => setChanges(null)}
      >
        {changes && changes.total === 0 ? (
          <Empty description="没有未完成期限的截止日期会改变" />
        ) : (
          changes && (
            <>
              <Typography.Paragraph data-testid="calendar-preview-total">
                将重算 {changes.total} 项未完成期限的截止日期：
                {changes.byCourt.map((c) => `${courtLabel(c.court)} ${c.count} 项`).join('；')}。
                {changes.changes.length === 0
                  ? ' 这些期限均属其他法院，此处仅计数。'
                  : changes.changes.length < changes.total
                    ? ` 下表列出您可查看的 ${changes.changes.length} 项；其他法院的期限仅计数。`
                    : ''}
              </Typography.Paragraph>
              {changes.changes.length > 0 && (
                <Table
                  size="small"
                  rowKey="obligationId"
                  dataSource={changes.changes}
                  pagination={{ pageSize: 10, hideOnSinglePage: true }}
                  columns={[
                    {
                      title: '义务',
                      dataIndex: 'kind',
                      render: (k: Change['kind']) => OBLIGATION_KIND_ZH[k],
                    },
                    { title: '法院', dataIndex: 'court', render: (c: string) => courtLabel(c) },
                    { title: '承办人', dataIndex: 'handler', render: (h: string | null) => h ?? '—' },
                    {
                      title: '原截止日期',
                      dataIndex: 'fromDueDate',
                      render: (d: string | null) => d ?? '尚未确定',
                    },
                    {
                      title: '新截止日期',
                      dataIndex: 'toDueDate',
                      render: (d: string | null) => d ?? '仍未确定',
                    },
                  ]}
                />
              )}
            </>
          )
        )}
      </Modal>
    </Card>
  );
}
