import { useMemo, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { Alert, Button, Card, Descriptions, Form, Input, Skeleton, Steps, Typography } from 'antd';
import { can, FORM_NAMES_ZH } from '@jir/rules';
import { useSession } from '../auth/session-context.js';
import { PageStack } from '../frame/PageStack.js';
import { ProblemAlert } from '../frame/ProblemAlert.js';
import { TextInputs } from '../frame/TextInputs.js';
import { useAction } from '../office/use-action.js';
import { useLoad } from '../office/use-load.js';
import { formatInstant } from '../time.js';
import { HOPS, hopZh, nextStep, stageZh } from './material-chain.js';
import { recordFormPath } from './material-expectations.js';
import { materialsApi } from './materials-api.js';
import type { Filing, Material } from '../api/types.js';

/**
 * One set of materials: what was received, the filing form (备案表) trial management fills and
 * prints, the hops so far, and for the holder the one next level to pass them to (R-TR-2, R-TR-3).
 */
export function MaterialPage() {
  const { id = '' } = useParams();
  const { session } = useSession();
  const api = useMemo(() => materialsApi(session.token), [session.token]);
  const loaded = useLoad(() => api.get(id), [api, id]);
  const [current, setCurrent] = useState<Material | null>(null);
  const justReceived = (useLocation().state as { received?: boolean } | null)?.received;
  const m = current ?? loaded.value;
  if (loaded.loading && !m)
    return (
      <Card title="过问材料">
        <Skeleton active />
      </Card>
    );
  if (!m)
    return (
      <Card title="过问材料">
        <ProblemAlert error={loaded.error} />
        <Link to="/materials">返回过问材料</Link>
      </Card>
    );
  const a = session.actor;
  const mayFile =
    m.nextHop === 'registration' && can(a, 'processing', { kind: 'material-filing', court: m.court });
  const step = nextStep(m);
  const received = receiptItems(m);
  const mine = step && m.holder === a.sub;
  return (
    <PageStack testId="material">
      {justReceived && (
        <Alert
          type="success"
          showIcon
          message={`已登记接收。材料编号 ${m.id}，请交审判管理部门登记备案。`}
          data-testid="material-received"
        />
      )}
      <Card
        title={`过问材料 · ${m.caseNumber}`}
        extra={<Typography.Text copyable={{ text: m.id }}>编号</Typography.Text>}
      >
        <Descriptions
          column={2}
          size="small"
          bordered
          items={[
            received.caseNumber,
            { key: 'stage', label: '状态', children: <span data-testid="material-stage">{stageZh(m)}</span> },
            received.form,
            received.receivedAt,
            received.sender,
            received.receivedBy,
            { key: 'description', label: '内容摘要', span: 2, children: m.description },
          ]}
        />
      </Card>
      <ChainCard m={m} />
      {mayFile && <FilingCard m={m} onDone={setCurrent} />}
      {m.filingNumber && <FilingFormCard m={m} />}
      {mine && step && <PassOnCard m={m} step={step} onDone={setCurrent} />}
      {step && !mine && m.route && (
        <Alert
          type="info"
          showIcon
          message={`下一级：${step.zh}（${step.to}），由当前持有人 ${m.holder} 递转。`}
        />
      )}
      {m.nextHop === null && m.holder === a.sub && (
        <Card title="材料已到达您处">
          <Typography.Paragraph>请据此填写信息表，录入系统（材料在信息表中注明）。</Typography.Paragraph>
          <Link to={recordFormPath(m)} data-testid="record-from-materials">
            <Button type="primary">据此填写信息表</Button>
          </Link>
        </Card>
      )}
    </PageStack>
  );
}

const formZh = (f: string) => (FORM_NAMES_ZH as Record<string, string>)[f] ?? f;

/** What was received, as the material's card and the printed filing form both state it. */
const receiptItems = (m: Material) => ({
  caseNumber: { key: 'caseNumber', label: '案号', children: m.caseNumber },
  form: { key: 'form', label: '材料形式', children: formZh(m.form) },
  receivedAt: { key: 'receivedAt', label: '接收时间', children: formatInstant(m.receivedAt) },
  sender: {
    key: 'sender',
    label: '转递人',
    children: `${m.sender.name}（${m.sender.unit}，${m.sender.position}）`,
  },
  receivedBy: { key: 'receivedBy', label: '接收人', children: m.receivedBy },
});

function ChainCard({ m }: { m: Material }) {
  const done = m.hops.length;
  const registered = m.filingNumber !== null;
  const items = [
    { title: '接收登记', description: `${m.receivedBy} · ${formatInstant(m.receivedAt)}` },
    {
      title: '登记备案',
      description: registered ? `${m.registeredBy} · ${formatInstant(m.registeredAt)}` : '待审判管理部门',
    },
    ...HOPS.map((h, i) => {
      const hop = m.hops[i];
      return {
        title: h.zh,
        description: hop ? `${hop.from} → ${hop.to} · ${formatInstant(hop.at)}` : (m.route?.[h.field] ?? '—'),
      };
    }),
  ];
  const current = registered ? 2 + done : 1;
  return (
    <Card title="递转经过" data-testid="material-chain">
      <Steps
        size="small"
        current={current}
        status={m.nextHop === null ? 'finish' : 'process'}
        items={items}
      />
    </Card>
  );
}

/** The people and department of the transfer chain, as the filing form names them. */
const ROUTE_FIELDS = [
  { name: 'trialDepartment', label: '审判(执行)部门', placeholder: '如 民事审判第一庭' },
  { name: 'departmentReceiver', label: '部门接收人' },
  { name: 'vicePresident', label: '分管院长' },
  { name: 'divisionHead', label: '庭(处)长' },
  { name: 'handler', label: '案件承办人' },
] as const;

function FilingCard({ m, onDone }: { m: Material; onDone(m: Material): void }) {
  const { session } = useSession();
  const api = useMemo(() => materialsApi(session.token), [session.token]);
  const [form] = Form.useForm<Filing>();
  const { busy, error, run } = useAction(form);
  const submit = () => run(async () => onDone(await api.file(m.id, form.getFieldsValue(true))));
  return (
    <Card title="填写备案表" data-testid="filing-form">
      <Typography.Paragraph type="secondary">
        写明材料逐级递转的部门和人员（填写系统账号）；登记后由您递转至审判(执行)部门。
      </Typography.Paragraph>
      <ProblemAlert error={error} />
      <Form form={form} layout="vertical" style={{ maxWidth: 560 }}>
        <TextInputs fields={ROUTE_FIELDS} />
        <Button type="primary" loading={busy} onClick={() => void submit()}>
          登记备案
        </Button>
      </Form>
    </Card>
  );
}

function FilingFormCard({ m }: { m: Material }) {
  const r = m.route;
  const received = receiptItems(m);
  return (
    <Card
      title="过问案件材料备案表"
      className="printable"
      data-testid="filing-sheet"
      extra={
        <Button onClick={() => window.print()} data-testid="print-filing">
          打印备案表
        </Button>
      }
    >
      <Descriptions
        column={2}
        bordered
        size="small"
        items={[
          { key: 'filingNumber', label: '备案编号', span: 2, children: m.filingNumber },
          received.caseNumber,
          received.form,
          received.sender,
          received.receivedAt,
          received.receivedBy,
          {
            key: 'registered',
            label: '登记人 / 时间',
            children: `${m.registeredBy} · ${formatInstant(m.registeredAt)}`,
          },
          ...ROUTE_FIELDS.map((f) => ({ key: f.name, label: f.label, children: r?.[f.name] })),
          { key: 'deliveredAt', label: '送达承办人', children: formatInstant(m.deliveredAt) },
          { key: 'description', label: '材料摘要', span: 2, children: m.description },
        ]}
      />
    </Card>
  );
}

function PassOnCard({
  m,
  step,
  onDone,
}: {
  m: Material;
  step: NonNullable<ReturnType<typeof nextStep>>;
  onDone(m: Material): void;
}) {
  const { session } = useSession();
  const api = useMemo(() => materialsApi(session.token), [session.token]);
  const [form] = Form.useForm();
  const { busy, error, run } = useAction(form);
  const submit = () => run(async () => onDone(await api.transfer(m.id, { hop: step.hop, to: step.to })));
  return (
    <Card title="递转至下一级" data-testid="pass-on">
      <ProblemAlert error={error} />
      {/* Only the next level is offered: skipping a level is refused by the service and recorded. */}
      <Form form={form} layout="inline" initialValues={{ hop: step.zh, to: step.to }}>
        <Form.Item name="hop" label="下一级">
          <Input disabled />
        </Form.Item>
        <Form.Item name="to" label="接收人（备案表所列）">
          <Input disabled />
        </Form.Item>
        <Button type="primary" loading={busy} onClick={() => void submit()} data-testid="pass-on-button">
          递转给{step.zh}
        </Button>
      </Form>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
        已递转 {m.hops.length} 级：{m.hops.map((h) => hopZh(h.hop)).join(' → ') || '尚无'}
      </Typography.Paragraph>
    </Card>
  );
}
