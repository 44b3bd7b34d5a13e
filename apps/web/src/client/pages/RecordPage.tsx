import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Input,
  Result,
  Skeleton,
  Space,
  Tag,
  Timeline,
} from 'antd';
import {
  FORM_NAMES_ZH,
  INTERFERER_KIND_NAMES_ZH,
  STAGE_NAMES_ZH,
  UNIT_TYPE_NAMES_ZH,
  can,
  specialItem,
} from '@jir/rules';
import type { RecordDto, RecordVersion, RecordView } from '../api/types.js';
import { recordsAwaitingMyConfirmation } from '../records/awaiting-confirmation.js';
import { RecordObligations } from '../records/RecordObligations.js';
import { RecordViewLog } from '../records/RecordViewLog.js';
import { useTodo } from '../todo/todo-context.js';
import { ApiProblem } from '../api/problem.js';
import { useSession } from '../auth/session-context.js';
import { EvidencePanel } from '../evidence/EvidencePanel.js';
import { ProblemAlert } from '../frame/ProblemAlert.js';
import { FIELD_NAMES_ZH, stateZh } from '../labels.js';
import { formatInstant } from '../time.js';

/**
 * A record: the form as entered, what still blocks entry, evidence, duties with their due dates,
 * versions, confirmations, copy, who viewed it. Every read of a record is logged (R-AC-3), so the
 * page reads it once and takes what an action answers instead of reading it again; versions are
 * read only when there is more than the first (and that read is logged too).
 */
export function RecordPage() {
  const { id = '' } = useParams();
  const { session, api } = useSession();
  const { refresh: refreshTodo } = useTodo();
  const [record, setRecord] = useState<RecordDto | null>(null);
  const [presentOnly, setPresentOnly] = useState(false);
  const [versions, setVersions] = useState<RecordVersion[] | null>(null);
  const [views, setViews] = useState<RecordView[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const loadViews = useCallback(() => {
    api.views(id).then(setViews, () => setViews(null));
  }, [api, id]);
  const reload = useCallback(() => {
    api.getRecord(id).then(
      (r) => {
        setRecord(r);
        setPresentOnly(false);
        loadViews();
      },
      (e: unknown) => {
        // A colleague who was present may not read the record, but must see what they confirm.
        if (!(e instanceof ApiProblem && e.problem.status === 404)) return setError(e);
        recordsAwaitingMyConfirmation(session.token).then((list) => {
          const mine = list.find((r) => r.id === id);
          if (mine) {
            setRecord(mine);
            setPresentOnly(true);
          } else setError(e);
        }, setError);
      },
    );
  }, [api, id, loadViews, session.token]);
  useEffect(reload, [reload]);
  // Intake learns of stored evidence from the evidence service's event, a moment after the upload
  // answered, and on a busy system many seconds later: read the record again until it counts the
  // new item, less often as time passes (about a dozen reads over a minute and more, each logged).
  const evidenceCount = useRef(0);
  evidenceCount.current = record?.evidenceCount ?? 0;
  const awaitEvidence = useCallback(() => {
    const before = evidenceCount.current;
    let tries = 0;
    const tick = () =>
      api.getRecord(id).then((r) => {
        setRecord(r);
        if (r.evidenceCount > before) refreshTodo();
        else if (++tries < 14) setTimeout(tick, Math.min(1000 * 1.5 ** (tries - 1), 10_000));
      }, setActionError);
    tick();
  }, [api, id, refreshTodo]);
  const revision = record?.revision ?? 0;
  useEffect(() => {
    if (presentOnly || revision === 0) return;
    if (revision === 1) setVersions(null);
    else api.versions(id).then(setVersions, () => setVersions([]));
  }, [api, id, revision, presentOnly]);

  if (error instanceof ApiProblem && error.problem.status === 404)
    return <Result status="404" title="记录不存在，或您无权查看" subTitle={error.problem.message.zh} />;
  if (error) return <ProblemAlert error={error} />;
  if (!record)
    return (
      <Card>
        <Skeleton active />
      </Card>
    );
  const res = { court: record.court, handler: record.handler, division: record.division ?? undefined };
  const mayEnter = can(session.actor, 'entry', { kind: 'record', ...res });
  const mayAck = can(session.actor, 'processing', { kind: 'record-copy', court: record.court });
  const awaitingMine = record.confirmations.missing.includes(session.actor.sub);
  // An action answers with the record as it now is: shown as is, not read again.
  const act = (f: () => Promise<RecordDto>) => {
    setActionError(null);
    f().then((r) => {
      setRecord(r);
      refreshTodo();
    }, setActionError);
  };
  const confirm = () => {
    setActionError(null);
    api.confirm(id).then((c) => {
      setRecord({ ...record, confirmations: c.confirmations });
      refreshTodo();
    }, setActionError);
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card
        title={
          <Space>
            {record.caseNumber}
            <Tag color={record.state === 'entered' ? 'green' : 'orange'} data-testid="record-state">
              {stateZh(record)}
            </Tag>
          </Space>
        }
        extra={
          <Space>
            {mayEnter && record.state === 'draft' && (
              <Button
                type="primary"
                disabled={record.missingForEntry.length > 0}
                onClick={() => act(() => api.enterRecord(id))}
                data-testid="enter-record"
              >
                录入
              </Button>
            )}
            {mayEnter && record.state === 'entered' && !record.copyDeliveredAt && (
              <Button onClick={() => act(() => api.deliverCopy(id))}>报送复印件</Button>
            )}
            {mayAck && record.copyDeliveredAt && !record.copyAcknowledgedAt && (
              <Button onClick={() => act(() => api.acknowledgeCopy(id))}>签收复印件</Button>
            )}
            {awaitingMine && (
              <Button type="primary" onClick={confirm} data-testid="confirm-record">
                我在场，确认属实
              </Button>
            )}
            <Button onClick={() => window.print()}>打印信息表</Button>
          </Space>
        }
      >
        <ProblemAlert error={actionError} />
        {record.state === 'draft' && record.missingForEntry.length > 0 && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="missing-for-entry"
            message="录入前尚缺："
            description={record.missingForEntry.map((m) => (
              <div key={m.code}>{m.zh}</div>
            ))}
          />
        )}
        <Descriptions bordered size="small" column={2}>
          <Descriptions.Item label="案号">{record.caseNumber}</Descriptions.Item>
          <Descriptions.Item label="阶段">{STAGE_NAMES_ZH[record.stage]}</Descriptions.Item>
          <Descriptions.Item label="过问方式">{FORM_NAMES_ZH[record.form]}</Descriptions.Item>
          <Descriptions.Item label="承办人">{record.handler}</Descriptions.Item>
          <Descriptions.Item label="过问时间">{formatInstant(record.communicatedAt)}</Descriptions.Item>
          <Descriptions.Item label="收到时间">{formatInstant(record.receivedAt)}</Descriptions.Item>
          <Descriptions.Item label="过问人" span={2}>
            {record.interferer.name}，{record.interferer.unit}，{record.interferer.position}（
            {UNIT_TYPE_NAMES_ZH[record.interferer.unitType]}，
            {INTERFERER_KIND_NAMES_ZH[record.interferer.kind]}
            {record.interferer.retired ? '，已离退休' : ''}）
          </Descriptions.Item>
          <Descriptions.Item label="过问内容" span={2}>
            <div style={{ whiteSpace: 'pre-wrap' }}>{record.content}</div>
          </Descriptions.Item>
          <Descriptions.Item label="特别报告事项" span={2}>
            {record.specialItems.length === 0
              ? '无'
              : record.specialItems.map((c) => (
                  <div key={c}>
                    {c} {specialItem(c)?.zh}
                  </div>
                ))}
          </Descriptions.Item>
          {record.materialId && (
            <Descriptions.Item label="过问材料" span={2}>
              {/* The materials the record was filled in from (Art 7): their chain and filing form. */}
              <Link to={`/materials/${record.materialId}`} data-testid="record-material">
                查看据以填写的过问材料及其递转记录
              </Link>
            </Descriptions.Item>
          )}
          {record.place && <Descriptions.Item label="场所">{record.place}</Descriptions.Item>}
          {record.personsPresent.length > 0 && (
            <Descriptions.Item label="在场人员">
              {record.personsPresent.map((p) => ('staffId' in p ? p.staffId : p.name)).join('、')}
            </Descriptions.Item>
          )}
          <Descriptions.Item label="情节严重">{record.severe ? '是' : '否'}</Descriptions.Item>
          <Descriptions.Item label="录入时间">{formatInstant(record.enteredAt)}</Descriptions.Item>
          <Descriptions.Item label="复印件">
            {record.copyDeliveredAt ? `已报送 ${formatInstant(record.copyDeliveredAt)}` : '未报送'}
            {record.copyAcknowledgedAt ? `，已签收 ${formatInstant(record.copyAcknowledgedAt)}` : ''}
          </Descriptions.Item>
          <Descriptions.Item label="在场人员确认">
            {record.confirmations.confirmed.map((s) => (
              <Tag color="green" key={s}>
                {s} 已确认
              </Tag>
            ))}
            {record.confirmations.missing.map((s) => (
              <Tag color="orange" key={s}>
                {s} 待确认
              </Tag>
            ))}
            {record.confirmations.confirmed.length + record.confirmations.missing.length === 0 && '不需要'}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {presentOnly ? (
        <Alert
          type="info"
          showIcon
          data-testid="present-only"
          message="您被列为在场人员：请核对以上内容，属实后确认。确认后您将不再能查看此记录。"
        />
      ) : (
        <>
          <EvidencePanel record={record} onChanged={awaitEvidence} />
          <RecordObligations
            recordId={record.id}
            revision={`${record.revision}-${record.state}-${record.copyDeliveredAt ?? ''}`}
          />
          {mayEnter && record.state === 'entered' && (
            <AmendmentCard record={record} onDone={(r) => setRecord(r)} />
          )}
          <Card title="版本与更正记录">
            {record.revision === 1 ? (
              <Timeline
                items={[
                  {
                    children: (
                      <div data-testid="version">
                        第 1 版 · {formatInstant(record.createdAt)} · {record.handler}（原始版本，无更正）
                      </div>
                    ),
                  },
                ]}
              />
            ) : versions === null ? (
              <Skeleton active />
            ) : versions.length === 0 ? (
              <Empty description="无版本记录" />
            ) : (
              <Timeline
                items={versions.map((v) => ({
                  children: (
                    <div data-testid="version">
                      第 {v.revision} 版 · {formatInstant(v.changedAt)} · {v.changedBy}
                      {v.reason && <div>理由：{v.reason}</div>}
                      {v.changedFields.length > 0 && (
                        <div>更改：{v.changedFields.map((f) => FIELD_NAMES_ZH[f] ?? f).join('、')}</div>
                      )}
                    </div>
                  ),
                }))}
              />
            )}
          </Card>
          <RecordViewLog views={views} />
        </>
      )}
    </Space>
  );
}

/** Amendments after entry, with a reason; every version is kept (R-RC-4). */
function AmendmentCard({ record, onDone }: { record: RecordDto; onDone(r: RecordDto): void }) {
  const { api } = useSession();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  return (
    <Card title="更正（须说明理由，原版本保留）">
      <ProblemAlert error={error} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ content: record.content }}
        onFinish={(v: { reason?: string; content: string }) => {
          setError(null);
          api.amendRecord(record.id, { reason: v.reason ?? '', changes: { content: v.content } }).then(
            (r) => {
              form.resetFields(['reason']);
              onDone(r);
            },
            (e: unknown) => {
              setError(e);
              if (e instanceof ApiProblem)
                form.setFields(
                  [...e.fieldMessages()].map(([path, errors]) => ({
                    name: path.replace(/^changes\./, '').split('.'),
                    errors,
                  })),
                );
            },
          );
        }}
      >
        <Form.Item name="content" label="过问内容">
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item name="reason" label="更正理由">
          <Input />
        </Form.Item>
        <Button htmlType="submit">提交更正</Button>
      </Form>
    </Card>
  );
}
