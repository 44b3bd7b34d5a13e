import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert, Button, Card, Empty, Form, Input, InputNumber, Space, Table, Tag, Typography } from 'antd';
import { can, quarterBounds, quarterOf } from '@jir/rules';
import { useSession } from '../auth/session-context.js';
import { PageStack } from '../frame/PageStack.js';
import { LoadedTable } from '../frame/LoadedTable.js';
import { ProblemAlert } from '../frame/ProblemAlert.js';
import { caseNumberColumn, instantColumn } from '../frame/table-columns.js';
import { showFieldErrors } from '../office/field-errors.js';
import { useLoad } from '../office/use-load.js';
import { formatInstant } from '../time.js';
import { samplingApi } from './sampling-api.js';
import type { AwaitingVerification, SampleDraw, SampleDrawSummary } from '../api/types.js';

/**
 * 抽查核实 (R-BX-3): trial management draws a share of a quarter's records (the seed is kept so
 * anyone can redraw it); a person who was present, or the division head, confirms or disputes each.
 */
export function SamplingPage() {
  const { id } = useParams();
  const { session } = useSession();
  const a = session.actor;
  const api = useMemo(() => samplingApi(session.token), [session.token]);
  const navigate = useNavigate();
  const mayDraw = can(a, 'processing', { kind: 'sample-draw', court: a.court });
  const mayList = can(a, 'viewing', { kind: 'sample-draw', court: a.court });
  const [form] = Form.useForm<{ quarter: string; share?: number }>();
  const [error, setError] = useState<unknown>(null);
  const draw = async () => {
    setError(null);
    try {
      const v = form.getFieldsValue(true);
      const d = await api.draw({ quarter: v.quarter, ...(v.share ? { share: v.share / 100 } : {}) });
      navigate(`/sampling/${d.id}`);
    } catch (e) {
      showFieldErrors(form, e);
      setError(e);
    }
  };
  return (
    <PageStack testId="sampling">
      {mayDraw && (
        <Card title="抽取核实样本">
          <ProblemAlert error={error} />
          <Form form={form} layout="inline" initialValues={{ quarter: lastEndedQuarter() }}>
            <Form.Item name="quarter" label="季度">
              <Input style={{ width: 120 }} />
            </Form.Item>
            <Form.Item name="share" label="比例（%）" extra="不填按规定比例">
              <InputNumber min={1} max={100} />
            </Form.Item>
            <Button type="primary" onClick={() => void draw()}>
              抽取
            </Button>
          </Form>
        </Card>
      )}
      {id && <DrawCard id={id} />}
      {!id && <AwaitingCard hideWhenEmpty={mayList} />}
      {/* Read again when a draw opens: the one just drawn is listed with the others. */}
      {mayList && <DrawsCard key={id ?? ''} />}
    </PageStack>
  );
}

/** The quarter before the current one: a quarter's sample is drawn once it has ended (intake refuses before). */
function lastEndedQuarter(): string {
  return quarterOf(new Date(quarterBounds(quarterOf(new Date())).start.getTime() - 1));
}

/** The court's draws, newest first, with how many are confirmed or disputed so far. */
function DrawsCard() {
  const { session } = useSession();
  const api = useMemo(() => samplingApi(session.token), [session.token]);
  const list = useLoad(() => api.list({}), [api]);
  return (
    <Card title="历次抽查" data-testid="sample-draws" extra={<Button onClick={list.reload}>刷新</Button>}>
      <LoadedTable
        size="small"
        read={list}
        rows={list.value?.items}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        empty="尚未抽查"
        columns={[
          {
            title: '季度',
            dataIndex: 'quarter',
            render: (q: string, d: SampleDrawSummary) => <Link to={`/sampling/${d.id}`}>{q}</Link>,
          },
          { title: '比例', dataIndex: 'share', render: (v: number) => `${Math.round(v * 100)}%` },
          { title: '抽取人', dataIndex: 'drawnBy' },
          instantColumn('抽取时间', 'drawnAt'),
          { title: '抽中', dataIndex: 'drawn' },
          {
            title: '核实进度',
            key: 'progress',
            render: (_: unknown, d: SampleDrawSummary) => (
              <Space size={4}>
                <Tag color="green">属实 {d.confirmed}</Tag>
                <Tag color={d.disputed ? 'red' : undefined}>存疑 {d.disputed}</Tag>
                {d.drawn - d.confirmed - d.disputed > 0 && (
                  <Tag>待核实 {d.drawn - d.confirmed - d.disputed}</Tag>
                )}
              </Space>
            ),
          },
          {
            title: '随机种子',
            dataIndex: 'seed',
            render: (v: string) => <Typography.Text code>{v.slice(0, 12)}…</Typography.Text>,
          },
        ]}
      />
    </Card>
  );
}

/** How a verifier came to be asked (R-BX-3). */
const VERIFIER_AS_ZH: Record<AwaitingVerification['as'], string> = {
  present: '我在场',
  'division-head': '本庭(处)长',
};

/**
 * 待我核实: the drawn records the signed-in user may verify. A division head or a second person
 * present may not read the draw itself (intake lists these for them), so this is where they act.
 */
function AwaitingCard({ hideWhenEmpty }: { hideWhenEmpty: boolean }) {
  const { session } = useSession();
  const api = useMemo(() => samplingApi(session.token), [session.token]);
  const waiting = useLoad(() => api.awaitingMine(), [api]);
  const [error, setError] = useState<unknown>(null);
  const items = waiting.value ?? [];
  if (hideWhenEmpty && items.length === 0 && !waiting.error) return null;
  return (
    <Card
      title="待我核实的抽查记录"
      data-testid="samples-awaiting-me"
      extra={<Button onClick={waiting.reload}>刷新</Button>}
    >
      <LoadedTable
        rowKey={(r) => `${r.drawId}:${r.recordId}`}
        size="small"
        read={{ loading: waiting.loading, error: waiting.error ?? error }}
        rows={items}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        empty="没有等待您核实的抽查记录"
        columns={[
          caseNumberColumn((r: AwaitingVerification) => `/records/${r.recordId}`),
          { title: '季度', dataIndex: 'quarter' },
          { title: '承办人', dataIndex: 'handler' },
          { title: '庭室', dataIndex: 'division' },
          {
            title: '核实身份',
            dataIndex: 'as',
            render: (v: AwaitingVerification['as']) => <Tag>{VERIFIER_AS_ZH[v]}</Tag>,
          },
          {
            title: '核实',
            key: 'v',
            render: (_: unknown, r: AwaitingVerification) => (
              <VerifyControls
                onVerify={async (outcome, note) => {
                  setError(null);
                  try {
                    await api.verify(r.drawId, r.recordId, { outcome, note });
                    waiting.reload();
                  } catch (e) {
                    setError(e);
                  }
                }}
              />
            ),
          },
        ]}
      />
    </Card>
  );
}

/** A note and the two outcomes: confirmed (属实) or disputed (存疑). */
function VerifyControls({
  onVerify,
}: {
  onVerify: (outcome: 'confirmed' | 'disputed', note: string) => Promise<void>;
}) {
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const act = (outcome: 'confirmed' | 'disputed') => {
    setBusy(true);
    void onVerify(outcome, note).finally(() => setBusy(false));
  };
  return (
    <Space.Compact>
      <Input
        size="small"
        aria-label="核实说明"
        placeholder="说明"
        value={note}
        onChange={(e) => setNote(e.target.value)}
      />
      <Button size="small" loading={busy} onClick={() => act('confirmed')}>
        属实
      </Button>
      <Button size="small" danger disabled={busy} onClick={() => act('disputed')}>
        存疑
      </Button>
    </Space.Compact>
  );
}

function DrawCard({ id }: { id: string }) {
  const { session } = useSession();
  const api = useMemo(() => samplingApi(session.token), [session.token]);
  const loaded = useLoad(() => api.get(id), [api, id]);
  const [error, setError] = useState<unknown>(null);
  const d = loaded.value;
  const verify = async (recordId: string, outcome: 'confirmed' | 'disputed', note: string) => {
    setError(null);
    try {
      await api.verify(id, recordId, { outcome, note });
      loaded.reload();
    } catch (e) {
      setError(e);
    }
  };
  if (!d) return <Card loading={loaded.loading}>{<ProblemAlert error={loaded.error} />}</Card>;
  return (
    <Card title={`${d.quarter} 抽查样本（${Math.round(d.share * 100)}%）`}>
      <Typography.Paragraph type="secondary">
        {d.drawnBy} 于 {formatInstant(d.drawnAt)} 抽取；随机种子{' '}
        <Typography.Text code>{d.seed}</Typography.Text>
        ，任何人可据此复核抽样。
      </Typography.Paragraph>
      <ProblemAlert error={error} />
      {d.items.length === 0 && <Alert type="info" showIcon message="该季度没有可抽取的记录" />}
      <Table
        rowKey="recordId"
        size="small"
        pagination={false}
        dataSource={d.items}
        locale={{ emptyText: <Empty description="无样本" /> }}
        columns={[
          {
            title: '案号',
            dataIndex: 'caseNumber',
            render: (v: string, r) => <Link to={`/records/${r.recordId}`}>{v}</Link>,
          },
          { title: '承办人', dataIndex: 'handler' },
          { title: '庭室', dataIndex: 'division' },
          {
            title: '核实',
            key: 'v',
            render: (_: unknown, r: SampleDraw['items'][number]) =>
              r.verification ? (
                <Tag color={r.verification.outcome === 'confirmed' ? 'green' : 'red'}>
                  {r.verification.outcome === 'confirmed' ? '属实' : '存疑'}（{r.verification.by}）
                  {r.verification.note ? `：${r.verification.note}` : ''}
                </Tag>
              ) : (
                <VerifyControls onVerify={(outcome, note) => verify(r.recordId, outcome, note)} />
              ),
          },
        ]}
      />
    </Card>
  );
}
