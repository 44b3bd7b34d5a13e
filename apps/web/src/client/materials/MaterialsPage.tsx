import { useMemo } from 'react';
import type { Dayjs } from 'dayjs';
import { Link, useNavigate } from 'react-router';
import { Button, Card, DatePicker, Form, Input, Select, Space, Tag } from 'antd';
import { can, FORM_NAMES_ZH, FORMS } from '@jir/rules';
import { useSession } from '../auth/session-context.js';
import { LoadedTable } from '../frame/LoadedTable.js';
import { PageStack } from '../frame/PageStack.js';
import { Notice } from '../frame/Notice.js';
import { ProblemAlert } from '../frame/ProblemAlert.js';
import { TextInputs } from '../frame/TextInputs.js';
import { instantColumn } from '../frame/table-columns.js';
import { useAction } from '../office/use-action.js';
import { useLoad } from '../office/use-load.js';
import { dayjs, COURT_ZONE } from '../time.js';
import { ApiProblem } from '../api/problem.js';
import { materialsApi } from './materials-api.js';
import { MaterialsListCard } from './MaterialsListCard.js';

/**
 * 过问材料: the receiving department registers what reached the court (Art 7); every level sees
 * the materials waiting for it; trial management sees the refused attempts (R-TR-1).
 */
export function MaterialsPage() {
  const { session } = useSession();
  const a = session.actor;
  const mayReceive = can(a, 'entry', { kind: 'material', court: a.court });
  const maySeeRefusals = can(a, 'viewing', { kind: 'refused-attempt', court: a.court });
  return (
    <PageStack>
      {/* What waits for the user first: registering new materials is the rarer task. */}
      <MaterialsListCard />
      {mayReceive && <ReceiveCard />}
      {maySeeRefusals && <RefusedAttemptsCard />}
    </PageStack>
  );
}

function ReceiveCard() {
  const { session } = useSession();
  const api = useMemo(() => materialsApi(session.token), [session.token]);
  const navigate = useNavigate();
  const [form] = Form.useForm();
  const { busy, error, run } = useAction(form);
  const submit = () =>
    run(async () => {
      const v = form.getFieldsValue(true) as Record<string, unknown>;
      const at = v['receivedAt'] as Dayjs | undefined;
      const m = await api
        .receive({
          caseNumber: String(v['caseNumber'] ?? ''),
          description: String(v['description'] ?? ''),
          sender: {
            name: String(v['senderName'] ?? ''),
            unit: String(v['senderUnit'] ?? ''),
            position: String(v['senderPosition'] ?? ''),
          },
          form: v['form'] as (typeof FORMS)[number],
          // Picked as Beijing time whatever the browser's zone, as on the information form.
          receivedAt: at ? dayjs.tz(at.format('YYYY-MM-DD HH:mm'), COURT_ZONE).toISOString() : '',
        })
        .catch((e: unknown) => {
          throw withFormFieldNames(e);
        });
      navigate(`/materials/${m.id}`, { state: { received: true } });
    });
  return (
    <Card title="登记接收的过问材料" data-testid="receive-materials">
      <Notice
        type="info"
        below={16}
        message="仅有接收职能的部门可接收过问材料；登记后交审判管理部门填写备案表，再逐级递转至案件承办人。"
      />
      <ProblemAlert error={error} />
      <Form form={form} layout="vertical" style={{ maxWidth: 720 }}>
        <Form.Item name="caseNumber" label="案号" extra="如 (2026)吉0102民初1234号">
          <Input />
        </Form.Item>
        <Form.Item name="form" label="材料形式">
          <Select options={FORMS.map((f) => ({ value: f, label: FORM_NAMES_ZH[f] }))} />
        </Form.Item>
        <Space size="middle" wrap>
          <TextInputs
            fields={[
              { name: 'senderName', label: '转递人姓名' },
              { name: 'senderUnit', label: '转递人单位' },
              { name: 'senderPosition', label: '转递人职务' },
            ]}
          />
        </Space>
        <Form.Item name="receivedAt" label="接收时间（北京时间）">
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
        <Form.Item name="description" label="材料内容摘要">
          <Input.TextArea rows={3} />
        </Form.Item>
        <Button type="primary" loading={busy} onClick={() => void submit()}>
          登记接收
        </Button>
      </Form>
    </Card>
  );
}

/** A refusal named by the form's own fields for the sender (sender.name is senderName here). */
function withFormFieldNames(e: unknown): unknown {
  if (!(e instanceof ApiProblem)) return e;
  return new ApiProblem({
    ...e.problem,
    errors: (e.problem.errors ?? []).map((x) => ({
      ...x,
      path: x.path.replace(/^sender\.(\w)/, (_s, c: string) => `sender${c.toUpperCase()}`),
    })),
  });
}

const ACTION_ZH: Record<string, string> = {
  'material.receive': '接收材料',
  'material.file': '登记备案',
};

function RefusedAttemptsCard() {
  const { session } = useSession();
  const api = useMemo(() => materialsApi(session.token), [session.token]);
  const refused = useLoad(() => api.refusedAttempts(), [api]);
  return (
    <Card
      title="被拒绝的接收或递转尝试"
      data-testid="refused-attempts"
      extra={<Button onClick={refused.reload}>刷新</Button>}
    >
      <LoadedTable
        rowKey={(r) => `${r.at}-${r.actor}-${r.action}`}
        read={refused}
        rows={refused.value}
        empty="没有被拒绝的尝试"
        pagination={{ pageSize: 20 }}
        columns={[
          instantColumn('时间', 'at'),
          { title: '人员', dataIndex: 'actor' },
          {
            title: '尝试的操作',
            dataIndex: 'action',
            render: (v: string) =>
              ACTION_ZH[v] ?? (v.startsWith('material.transfer.') ? `递转（${v.slice(18)}）` : v),
          },
          { title: '拒绝原因', dataIndex: 'code', render: (v: string) => <Tag color="red">{v}</Tag> },
          {
            title: '材料',
            dataIndex: 'subjectId',
            render: (v: string | null) => (v ? <Link to={`/materials/${v}`}>{v.slice(0, 8)}…</Link> : '—'),
          },
          { title: '地址', dataIndex: 'address' },
        ]}
      />
    </Card>
  );
}
