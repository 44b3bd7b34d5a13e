import { useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { Card, Descriptions, Empty, Skeleton, Tag, Timeline, Typography } from 'antd';
import { useSession } from '../auth/session-context.js';
import { PageStack } from '../frame/PageStack.js';
import { ProblemAlert } from '../frame/ProblemAlert.js';
import { FIELD_NAMES_ZH } from '../labels.js';
import { useLoad } from '../office/use-load.js';
import { formatInstant } from '../time.js';
import { deadlinesApi } from './deadlines-api.js';
import { OBLIGATION_KIND_ZH, OBLIGATION_STATE_ZH, historyZh, lateZh } from './obligation-labels.js';

interface Moment {
  at: string;
  color: string;
  text: string;
}

/**
 * A record's timeline for trial management: received, saved, entered, copied, amended, and each
 * obligation's history (created, reminded, breached, met late) in one order, so a breach is seen
 * beside what the handler did.
 */
export function RecordTimelinePage() {
  const { id = '' } = useParams();
  const { session, api } = useSession();
  const deadlines = useMemo(() => deadlinesApi(session.token), [session.token]);
  const record = useLoad(() => api.getRecord(id), [api, id]);
  const versions = useLoad(() => api.versions(id).catch(() => []), [api, id]);
  const obligations = useLoad(() => deadlines.listAll({ recordId: id }), [deadlines, id]);

  const moments: Moment[] = [];
  const r = record.value;
  if (r) {
    moments.push({ at: r.receivedAt, color: 'gray', text: '收到过问' });
    moments.push({ at: r.createdAt, color: 'gray', text: '保存信息表' });
    if (r.enteredAt) moments.push({ at: r.enteredAt, color: 'green', text: '录入系统' });
    if (r.copyDeliveredAt) moments.push({ at: r.copyDeliveredAt, color: 'green', text: '报送复印件' });
    if (r.copyAcknowledgedAt)
      moments.push({ at: r.copyAcknowledgedAt, color: 'green', text: '审判管理部门签收复印件' });
  }
  for (const v of versions.value ?? [])
    if (v.revision > 1)
      moments.push({
        at: v.changedAt,
        color: 'blue',
        text: `补正（${v.changedBy}）：${v.changedFields.map((f) => FIELD_NAMES_ZH[f] ?? f).join('、')}；理由：${v.reason}`,
      });
  for (const o of obligations.value ?? [])
    for (const h of o.history)
      moments.push({
        at: h.at,
        color: h.what === 'breached' ? 'red' : h.what === 'met-late' ? 'orange' : 'blue',
        text: `${OBLIGATION_KIND_ZH[o.kind]}：${historyZh(h.what)}${
          h.what === 'created' && o.dueDate ? `，期限 ${o.dueDate}` : ''
        }`,
      });
  moments.sort((a, b) => a.at.localeCompare(b.at));

  return (
    <PageStack testId="record-timeline">
      <Card
        title={r ? `时间线 · ${r.caseNumber}` : '时间线'}
        extra={<Link to={`/records/${id}`}>打开记录</Link>}
      >
        <ProblemAlert error={record.error} />
        {r && (
          <Descriptions size="small" column={3}>
            <Descriptions.Item label="承办人">{r.handler}</Descriptions.Item>
            <Descriptions.Item label="庭室">{r.division ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="收到时间">{formatInstant(r.receivedAt)}</Descriptions.Item>
          </Descriptions>
        )}
        {record.loading || obligations.loading ? (
          <Skeleton active />
        ) : moments.length === 0 ? (
          <Empty description="暂无经过" />
        ) : (
          <Timeline
            style={{ marginTop: 16 }}
            items={moments.map((m) => ({
              color: m.color,
              children: (
                <span>
                  <Typography.Text type="secondary">{formatInstant(m.at)}</Typography.Text> {m.text}
                </span>
              ),
            }))}
          />
        )}
      </Card>
      <Card title="期限义务">
        <ProblemAlert error={obligations.error} />
        {(obligations.value ?? []).map((o) => (
          <div key={o.id} data-testid="obligation" style={{ marginBottom: 8 }}>
            <Tag color={OBLIGATION_STATE_ZH[o.state].color}>{OBLIGATION_STATE_ZH[o.state].zh}</Tag>
            {OBLIGATION_KIND_ZH[o.kind]}，期限 {o.dueDate ?? o.pendingReason ?? '—'}
            {o.state === 'met-late' && `，逾期 ${lateZh(o.lateByMs)}`}
          </div>
        ))}
        {obligations.value?.length === 0 && <Empty description="该记录没有期限义务" />}
      </Card>
    </PageStack>
  );
}
