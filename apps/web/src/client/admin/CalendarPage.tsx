import { useMemo, useState } from 'react';
import { Button, Card, Empty, Form, Input, InputNumber, Modal, Space, Table, Typography } from 'antd';
import { DEFAULT_CALENDAR } from '@jir/rules';
import { useSession } from '../auth/session-context.js';
import { deadlinesApi, type CalendarYear } from '../deadlines/deadlines-api.js';
import { OBLIGATION_KIND_ZH } from '../deadlines/obligation-labels.js';
import { Notice } from '../frame/Notice.js';
import { ProblemAlert } from '../frame/ProblemAlert.js';
import { showFieldErrors } from '../office/field-errors.js';
import { dueDateChanges, parseDates, type DueDateChange } from './calendar-preview.js';

/**
 * 节假日安排 (R-DL-3): trial management loads a year's State Council arrangement. Before it is
 * confirmed, the open obligations whose due dates would change are listed; the service then
 * recomputes them and says how many it changed.
 */
export function CalendarPage() {
  const { session } = useSession();
  const api = useMemo(() => deadlinesApi(session.token), [session.token]);
  const [form] = Form.useForm<{ year: number; holidays: string; makeUpWorkdays: string }>();
  const [current, setCurrent] = useState<CalendarYear | null>(null);
  const [changes, setChanges] = useState<DueDateChange[] | null>(null);
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
      const open = await api.listAll({ state: 'pending' });
      setChanges(dueDateChanges(open, values(), DEFAULT_CALENDAR));
    } catch (e) {
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
        {changes?.length === 0 ? (
          <Empty description="没有未完成期限的截止日期会改变" />
        ) : (
          <Table
            size="small"
            rowKey={(c) => c.obligation.id}
            dataSource={changes ?? []}
            pagination={{ pageSize: 10 }}
            columns={[
              { title: '义务', key: 'k', render: (_: unknown, c) => OBLIGATION_KIND_ZH[c.obligation.kind] },
              { title: '承办人', key: 'h', render: (_: unknown, c) => c.obligation.handler ?? '—' },
              { title: '原截止日期', key: 'b', render: (_: unknown, c) => c.before ?? '尚未确定' },
              { title: '新截止日期', key: 'a', render: (_: unknown, c) => c.after ?? '仍未确定' },
            ]}
          />
        )}
      </Modal>
    </Card>
  );
}
