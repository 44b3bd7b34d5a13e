import { useMemo, useState } from 'react';
import { Button, Card, Checkbox, Form, Input, Select, Tag, Typography } from 'antd';
import { can } from '@jir/rules';
import { useSession } from '../auth/session-context.js';
import { deadlinesApi } from '../deadlines/deadlines-api.js';
import { OBLIGATION_KIND_ZH } from '../deadlines/obligation-labels.js';
import { LoadedTable } from '../frame/LoadedTable.js';
import { PageStack } from '../frame/PageStack.js';
import { ProblemAlert } from '../frame/ProblemAlert.js';
import { useAction } from '../office/use-action.js';
import { useLoad } from '../office/use-load.js';
import { formatInstant } from '../time.js';
import { ledgerApi } from './ledger-api.js';
import type { LedgerEntry, LedgerInput } from '../api/types.js';

const KIND_ZH: Record<LedgerEntry['kind'], string> = {
  'failure-to-record': '应记录而未记录',
  'untruthful-record': '不如实记录',
  'instructed-by-supervisor': '授意不记录或不如实记录',
};

/**
 * 责任追究台账 (R-AB-1): established violations with the sanction the rules suggest. The staff
 * member's breached deadlines are offered as evidence to cite, never as a finding by themselves.
 */
export function LedgerPage() {
  const { session } = useSession();
  const a = session.actor;
  const api = useMemo(() => ledgerApi(session.token), [session.token]);
  const deadlines = useMemo(() => deadlinesApi(session.token), [session.token]);
  const list = useLoad(() => api.list(), [api]);
  const mayAdd = can(a, 'processing', { kind: 'ledger', court: a.court });
  const [form] = Form.useForm<{
    staff: string;
    kind: LedgerInput['kind'];
    recordId?: string;
    description: string;
  }>();
  const staff = Form.useWatch('staff', form);
  const breaches = useLoad(
    () => (staff ? deadlines.listAll({ handler: staff, state: 'breached' }) : Promise.resolve([])),
    [deadlines, staff],
  );
  const [cited, setCited] = useState<string[]>([]);
  const { busy, error, run } = useAction(form);
  const submit = () =>
    run(async () => {
      const v = form.getFieldsValue(true);
      await api.add({
        staff: v.staff ?? '',
        kind: v.kind,
        description: v.description ?? '',
        ...(v.recordId ? { recordId: v.recordId } : {}),
        evidence: cited.map((id) => ({ type: 'breach' as const, reference: id })),
      });
      form.resetFields();
      setCited([]);
      list.reload();
    });
  return (
    <PageStack testId="ledger">
      {mayAdd && (
        <Card title="登记违规行为">
          <ProblemAlert error={error} />
          <Form form={form} layout="vertical" style={{ maxWidth: 720 }}>
            <Form.Item name="staff" label="责任人（系统账号）">
              <Input />
            </Form.Item>
            <Form.Item name="kind" label="违规情形">
              <Select options={Object.entries(KIND_ZH).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
            <Form.Item name="recordId" label="相关记录编号（可选）">
              <Input />
            </Form.Item>
            <Form.Item name="description" label="查明的事实">
              <Input.TextArea rows={3} />
            </Form.Item>
            <Form.Item
              label="可作为证据引用的期限违反"
              extra="期限违反只是证据，是否构成违规由查明的事实认定。"
            >
              {!staff ? (
                <Typography.Text type="secondary">填写责任人后显示其违反的期限</Typography.Text>
              ) : breaches.value?.length ? (
                <Checkbox.Group
                  value={cited}
                  onChange={(v) => setCited(v as string[])}
                  options={breaches.value.map((o) => ({
                    value: o.id,
                    label: `${OBLIGATION_KIND_ZH[o.kind]}，期限 ${o.dueDate ?? '—'}，于 ${formatInstant(o.breachedAt)} 违反`,
                  }))}
                  data-testid="ledger-breaches"
                />
              ) : (
                <Typography.Text type="secondary">
                  {breaches.loading ? '正在读取…' : '该人员没有违反的期限'}
                </Typography.Text>
              )}
            </Form.Item>
            <Button type="primary" loading={busy} onClick={() => void submit()}>
              登记
            </Button>
          </Form>
        </Card>
      )}
      <Card title="责任追究台账">
        <LoadedTable
          size="small"
          read={list}
          rows={list.value}
          empty="台账中没有记载"
          columns={[
            { title: '责任人', dataIndex: 'staff' },
            { title: '情形', dataIndex: 'kind', render: (k: LedgerEntry['kind']) => KIND_ZH[k] },
            { title: '事实', dataIndex: 'description' },
            {
              title: '证据',
              dataIndex: 'evidence',
              render: (ev: LedgerEntry['evidence']) =>
                ev.map((e) => (
                  <Tag key={e.reference}>
                    {e.type === 'breach' ? '期限违反' : e.type} {e.reference.slice(0, 8)}
                  </Tag>
                )),
            },
            { title: '此前违规', dataIndex: 'priorViolations' },
            {
              title: '建议处理',
              dataIndex: 'suggestion',
              render: (s: LedgerEntry['suggestion']) =>
                `${s.measures.map((m) => m.zh).join('、') || '—'}${s.article ? `（第${s.article}条）` : ''}`,
            },
            {
              title: '登记',
              key: 'by',
              render: (_: unknown, e: LedgerEntry) => `${e.foundBy} · ${formatInstant(e.foundAt)}`,
            },
          ]}
        />
      </Card>
    </PageStack>
  );
}
