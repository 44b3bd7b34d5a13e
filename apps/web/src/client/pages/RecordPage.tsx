import { useCallback, useEffect, useState } from 'react';
import { useParams } from 'react-router';
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
  Table,
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
import { ApiProblem } from '../api/problem.js';
import { useSession } from '../auth/session-context.js';
import { EvidencePanel } from '../evidence/EvidencePanel.js';
import { ProblemAlert } from '../frame/ProblemAlert.js';
import { FIELD_NAMES_ZH, stateZh } from '../labels.js';
import { formatInstant } from '../time.js';

/** A record: the form as entered, what still blocks entry, evidence, versions, confirmations, copy, views. */
export function RecordPage() {
  const { id = '' } = useParams();
  const { session, api } = useSession();
  const [record, setRecord] = useState<RecordDto | null>(null);
  const [versions, setVersions] = useState<RecordVersion[] | null>(null);
  const [views, setViews] = useState<RecordView[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const load = useCallback(() => {
    api.getRecord(id).then(setRecord, setError);
    api.versions(id).then(setVersions, () => setVersions([]));
    api.views(id).then(setViews, () => setViews(null));
  }, [api, id]);
  useEffect(load, [load]);

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
  const act = (f: () => Promise<unknown>) => {
    setActionError(null);
    f().then(load, setActionError);
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
              <Button type="primary" onClick={() => act(() => api.confirm(id))} data-testid="confirm-record">
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
      <EvidencePanel record={record} onChanged={load} />
      {mayEnter && record.state === 'entered' && <AmendmentCard record={record} onDone={load} />}
      <Card title="版本与更正记录">
        {versions === null ? (
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
      <Card title="查阅记录">
        {views === null ? (
          <Empty description="无权查看查阅记录" />
        ) : (
          <Table<RecordView>
            rowKey={(v) => `${v.viewer}-${v.at}`}
            size="small"
            pagination={{ pageSize: 10 }}
            dataSource={views}
            columns={[
              { title: '查阅人', dataIndex: 'viewer' },
              { title: '时间', render: (_, v) => formatInstant(v.at) },
              { title: '地址', dataIndex: 'address' },
            ]}
          />
        )}
      </Card>
    </Space>
  );
}

/** Amendments after entry, with a reason; every version is kept (R-RC-4). */
function AmendmentCard({ record, onDone }: { record: RecordDto; onDone(): void }) {
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
            () => {
              form.resetFields(['reason']);
              onDone();
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
