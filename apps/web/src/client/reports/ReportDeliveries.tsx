import { useMemo, useState } from 'react';
import { Button, Card, DatePicker, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { can, type RoutingReason } from '@jir/rules';
import { useSession } from '../auth/session-context.js';
import { Notice } from '../frame/Notice.js';
import { ProblemAlert } from '../frame/ProblemAlert.js';
import { useAction } from '../office/use-action.js';
import { useLoad } from '../office/use-load.js';
import { COURT_ZONE, dayjs, formatInstant } from '../time.js';
import { committeeLabel, courtLabel } from './court-names.js';
import { reportsApi } from './reports-api.js';
import type { Delivery, Report } from '../api/types.js';

const STATUS: Record<Delivery['status'], { label: string; color: string }> = {
  pending: { label: '待送达（自动重试）', color: 'orange' },
  delivered: { label: '已送达', color: 'green' },
  'awaiting-handover': { label: '待递交（线下）', color: 'blue' },
  'no-route': { label: '无送达途径', color: 'red' },
};

const CHANNEL: Record<Delivery['channel'], string> = {
  inbox: '本系统收件箱',
  peer: '对端部署',
  committee: '线下递交',
  none: '—',
};

const REASON: Record<RoutingReason, string> = {
  quarterly: '季度报告',
  'principal-leader': '涉及本院主要领导',
  severe: '情节严重',
};

/** A recipient of the report by its name. */
const recipientName = (kind: 'court' | 'committee', code: string) =>
  kind === 'court' ? courtLabel(code) : committeeLabel(code);

const METHODS = [
  { value: 'in-person', label: '当面递交' },
  { value: 'confidential-mail', label: '机要邮寄' },
  { value: 'secure-network', label: '涉密网络传输' },
  { value: 'courier', label: '专人送达' },
];

/**
 * 报送 (R-RP-2, R-RP-3): the report's recipients by the rules, sending this version to all of them,
 * and each delivery's state as the reporting service keeps it (retried until the recipient's
 * system acknowledges; committees outside the system get a recorded hand-over instead).
 */
export function ReportDeliveries({ r }: { r: Report }) {
  const { session } = useSession();
  const api = useMemo(() => reportsApi(session.token), [session.token]);
  const deliveries = useLoad(() => api.deliveries(r.id), [api, r.id]);
  const { busy, error, run } = useAction();
  const [handingOver, setHandingOver] = useState<Delivery | null>(null);
  const maySend = can(session.actor, 'reporting', { kind: 'report', court: r.court });
  const byRecipient = new Map(
    (deliveries.value?.items ?? []).map((d) => [`${d.recipientKind}-${d.recipient}`, d]),
  );
  const sent = (deliveries.value?.items.length ?? 0) > 0;
  const rows = r.recipients.map((x) => ({ ...x, delivery: byRecipient.get(`${x.kind}-${x.code}`) }));

  const send = () =>
    run(async () => {
      await api.send(r.id);
      deliveries.reload();
    });

  return (
    <Card
      size="small"
      data-testid="report-deliveries"
      extra={
        <Button
          size="small"
          onClick={deliveries.reload}
          className="no-print"
          data-testid="deliveries-refresh"
        >
          刷新送达情况
        </Button>
      }
      title="报送对象与送达情况"
    >
      <ProblemAlert error={error ?? deliveries.error} />
      {r.provisional && (
        <Notice
          type="warning"
          message="临时报告（季度尚未结束）不能报送：季度结束后重新生成正式版本再报送。"
        />
      )}
      <Table
        size="small"
        rowKey={(x) => `${x.kind}-${x.code}`}
        pagination={false}
        loading={deliveries.loading}
        dataSource={rows}
        locale={{ emptyText: '按规则无须报送' }}
        columns={[
          { title: '对象', dataIndex: 'code', render: (c: string, x) => recipientName(x.kind, c) },
          { title: '即时报送', dataIndex: 'immediate', render: (v: boolean) => (v ? '是' : '否') },
          {
            title: '依据',
            dataIndex: 'reasons',
            render: (v: RoutingReason[]) => v.map((r) => REASON[r] ?? r).join('；'),
          },
          {
            title: '送达',
            key: 'status',
            render: (_: unknown, x) => {
              const d = x.delivery;
              if (!d) return <Typography.Text type="secondary">未报送</Typography.Text>;
              return (
                <Space direction="vertical" size={0} data-testid={`delivery-${x.code}`}>
                  <span>
                    <Tag color={STATUS[d.status].color}>{STATUS[d.status].label}</Tag>
                    {CHANNEL[d.channel]}
                  </span>
                  {d.deliveredAt && <span>送达时间 {formatInstant(d.deliveredAt)}</span>}
                  {d.acknowledgement ? (
                    <span data-testid={`acknowledged-${x.code}`}>
                      已签收：{d.acknowledgement.by}于{formatInstant(d.acknowledgement.at)}
                    </span>
                  ) : (
                    d.status === 'delivered' &&
                    d.channel === 'inbox' && <Typography.Text type="secondary">对方尚未签收</Typography.Text>
                  )}
                  {d.handover && (
                    <span>
                      {d.handover.by}于{formatInstant(d.handover.at)}
                      {METHODS.find((m) => m.value === d.handover!.method)?.label}
                    </span>
                  )}
                  {d.status === 'pending' && d.attempts > 0 && (
                    <Typography.Text type="secondary">
                      已尝试 {d.attempts} 次{d.lastError ? `：${d.lastError}` : ''}
                    </Typography.Text>
                  )}
                </Space>
              );
            },
          },
          {
            title: '',
            key: 'act',
            className: 'no-print',
            render: (_: unknown, x) =>
              maySend && x.delivery?.status === 'awaiting-handover' ? (
                <Button size="small" onClick={() => setHandingOver(x.delivery!)}>
                  登记递交
                </Button>
              ) : null,
          },
        ]}
      />
      {maySend && (
        <Space style={{ marginTop: 12 }} className="no-print">
          <Button
            type="primary"
            disabled={r.provisional}
            loading={busy}
            onClick={() => void send()}
            data-testid="send-report"
          >
            {sent ? '再次报送（已报送的对象不重复）' : '报送'}
          </Button>
          <Typography.Text type="secondary">
            报送本版本（第 {r.version} 版）给上表全部对象；未确认收到的，系统自动重试。
          </Typography.Text>
        </Space>
      )}
      {handingOver && (
        <HandoverModal
          delivery={handingOver}
          onClose={() => setHandingOver(null)}
          onDone={() => {
            setHandingOver(null);
            deliveries.reload();
          }}
        />
      )}
    </Card>
  );
}

/** Records who handed the report to a committee outside the system, when and how. */
function HandoverModal(p: { delivery: Delivery; onClose(): void; onDone(): void }) {
  const { session } = useSession();
  const api = useMemo(() => reportsApi(session.token), [session.token]);
  const [form] = Form.useForm();
  const { busy, error, run } = useAction(form);
  const save = () =>
    run(async () => {
      const v = form.getFieldsValue(true) as {
        deliveredBy?: string;
        deliveredAt?: dayjs.Dayjs;
        method?: string;
        note?: string;
      };
      await api.handover(p.delivery.id, {
        deliveredBy: v.deliveredBy ?? '',
        deliveredAt: v.deliveredAt
          ? dayjs.tz(v.deliveredAt.format('YYYY-MM-DDTHH:mm:ss'), COURT_ZONE).format()
          : '',
        method: v.method as never,
        ...(v.note ? { note: v.note } : {}),
      });
      p.onDone();
    });
  return (
    <Modal
      open
      title={`登记向${recipientName('committee', p.delivery.recipient)}递交`}
      okText="登记"
      cancelText="取消"
      confirmLoading={busy}
      onOk={() => void save()}
      onCancel={p.onClose}
    >
      <ProblemAlert error={error} />
      <Form form={form} layout="vertical" initialValues={{ deliveredBy: session.actor.sub }}>
        <Form.Item name="deliveredBy" label="递交人">
          <Input />
        </Form.Item>
        <Form.Item name="deliveredAt" label="递交时间（北京时间）">
          <DatePicker showTime format="YYYY-MM-DD HH:mm" />
        </Form.Item>
        <Form.Item name="method" label="递交方式">
          <Select options={METHODS} />
        </Form.Item>
        <Form.Item name="note" label="备注">
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
