import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { Button, Card, Form, Input, Select, Space, Tag } from 'antd';
import { FORM_NAMES_ZH, SPECIAL_ITEMS, can } from '@jir/rules';
import { useSession } from '../auth/session-context.js';
import type { RecordDto, RecordListQuery } from '../api/types.js';
import { LoadedTable } from '../frame/LoadedTable.js';
import { caseNumberColumn } from '../frame/table-columns.js';
import { stateZh } from '../labels.js';
import {
  FORM_OPTIONS,
  INTERFERER_KIND_OPTIONS,
  STAGE_OPTIONS,
  UNIT_TYPE_OPTIONS,
  type Option,
} from '../records/classification-options.js';
import { formatInstant } from '../time.js';

/** The list's filters by every classification (R-RC-5): the query parameter each sets, and its choices. */
const FILTERS: { name: keyof RecordListQuery; placeholder: string; width: number; options: Option[] }[] = [
  {
    name: 'state',
    placeholder: '状态',
    width: 100,
    options: [
      { value: 'draft', label: '草稿' },
      { value: 'entered', label: '已录入' },
    ],
  },
  { name: 'form', placeholder: '过问方式', width: 130, options: FORM_OPTIONS },
  { name: 'stage', placeholder: '阶段', width: 100, options: STAGE_OPTIONS },
  {
    name: 'interfererKind',
    placeholder: '过问人类别',
    width: 150,
    options: INTERFERER_KIND_OPTIONS,
  },
  { name: 'unitType', placeholder: '单位类型', width: 150, options: UNIT_TYPE_OPTIONS },
  {
    name: 'specialItem',
    placeholder: '特别报告事项',
    width: 160,
    options: SPECIAL_ITEMS.map((s) => ({ value: s.code, label: `${s.code} ${s.zh.slice(0, 12)}…` })),
  },
  {
    name: 'severe',
    placeholder: '情节严重',
    width: 110,
    options: [
      { value: 'true', label: '严重' },
      { value: 'false', label: '一般' },
    ],
  },
];

/** 我的记录 / 过问记录: what the user may see, filtered by every classification (R-RC-5). */
export function RecordsPage() {
  const { session, api } = useSession();
  const navigate = useNavigate();
  const [query, setQuery] = useState<RecordListQuery>({ limit: 50 });
  const [rows, setRows] = useState<RecordDto[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(
    (q: RecordListQuery, append: boolean) => {
      setError(null);
      if (!append) setRows(null);
      api
        .listRecords(q)
        .then((p) => {
          setRows((old) => (append && old ? [...old, ...p.items] : p.items));
          setNext(p.nextCursor);
        })
        .catch((e) => {
          setError(e);
          setRows((old) => old ?? []);
        });
    },
    [api],
  );
  useEffect(() => load(query, false), [load, query]);
  const mayEnter = can(session.actor, 'entry', {
    kind: 'record',
    court: session.actor.court,
    handler: session.actor.sub,
    division: session.actor.division,
  });
  return (
    <Card
      title="过问记录"
      extra={
        mayEnter && (
          <Button type="primary" onClick={() => navigate('/records/new')}>
            填写信息表
          </Button>
        )
      }
    >
      <Form
        layout="inline"
        style={{ marginBottom: 16, rowGap: 8 }}
        onFinish={(v: Record<string, string | undefined>) => {
          const q: RecordListQuery = { limit: 50 };
          for (const [k, val] of Object.entries(v)) if (val) (q as Record<string, string>)[k] = val;
          setQuery(q);
        }}
      >
        <Form.Item name="caseNumber">
          <Input placeholder="案号" allowClear style={{ width: 200 }} />
        </Form.Item>
        {FILTERS.map((f) => (
          <Form.Item name={f.name} key={f.name}>
            <Select placeholder={f.placeholder} allowClear style={{ width: f.width }} options={f.options} />
          </Form.Item>
        ))}
        <Form.Item>
          <Space>
            <Button htmlType="submit">筛选</Button>
          </Space>
        </Form.Item>
      </Form>
      <LoadedTable<RecordDto>
        read={{ error, loading: rows === null }}
        rows={rows ?? undefined}
        pagination={false}
        empty="没有符合条件的记录"
        columns={[
          caseNumberColumn((r: RecordDto) => `/records/${r.id}`),
          {
            title: '状态',
            render: (_, r) => <Tag color={r.state === 'entered' ? 'green' : 'orange'}>{stateZh(r)}</Tag>,
          },
          { title: '过问方式', render: (_, r) => FORM_NAMES_ZH[r.form] },
          {
            title: '过问人',
            render: (_, r) => `${r.interferer.name}（${r.interferer.unit} ${r.interferer.position}）`,
          },
          { title: '收到时间', render: (_, r) => formatInstant(r.receivedAt) },
          { title: '特别报告事项', render: (_, r) => r.specialItems.map((c) => <Tag key={c}>{c}</Tag>) },
          { title: '承办人', dataIndex: 'handler' },
        ]}
      />
      {next && (
        <Button style={{ marginTop: 16 }} onClick={() => load({ ...query, cursor: next }, true)}>
          加载更多
        </Button>
      )}
    </Card>
  );
}
