import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, Card, Input, Space, Tabs, Tag } from 'antd';
import { useSession } from '../auth/session-context.js';
import { LoadedTable } from '../frame/LoadedTable.js';
import { caseNumberColumn, instantColumn, optionalColumn } from '../frame/table-columns.js';
import { useLoad } from '../office/use-load.js';
import { stageZh } from './material-chain.js';
import { materialsApi } from './materials-api.js';
import { EXPECTATION_ZH, recordFormPath } from './material-expectations.js';
import type { MaterialListItem } from '../api/types.js';

/**
 * 待我处理的材料 (R-TR-2, R-TR-3): what waits for the caller at their level of the chain (register,
 * pass on, receive from the level before), and every material of theirs; the handler's delivered
 * materials lead straight to a new information form naming them.
 */
export function MaterialsListCard() {
  const { session } = useSession();
  const api = useMemo(() => materialsApi(session.token), [session.token]);
  const waiting = useLoad(() => api.list({ waitingFor: 'me' }), [api]);
  const all = useLoad(() => api.list(), [api]);
  const me = session.actor.sub;
  const columns = [
    caseNumberColumn((m: MaterialListItem) => `/materials/${m.id}`),
    instantColumn('接收时间', 'receivedAt'),
    {
      title: '转递人',
      key: 'sender',
      render: (_: unknown, m: MaterialListItem) => `${m.sender.name}（${m.sender.unit}）`,
    },
    optionalColumn('备案号', 'filingNumber'),
    { title: '状态', key: 'stage', render: (_: unknown, m: MaterialListItem) => stageZh(m) },
    {
      title: '待我',
      key: 'expected',
      render: (_: unknown, m: MaterialListItem) =>
        m.expectedOfMe ? (
          <Tag color="gold" data-testid="expected-of-me">
            {EXPECTATION_ZH[m.expectedOfMe]}
          </Tag>
        ) : m.deliveredAt && m.route?.handler === me ? (
          <Link to={recordFormPath(m)} data-testid="record-from-materials">
            <Button size="small" type="primary">
              据此填写信息表
            </Button>
          </Link>
        ) : null,
    },
  ];
  // The two tabs differ only in what they list and what an empty list means.
  const tab = (key: string, label: string, read: typeof all, empty: string) => ({
    key,
    label,
    children: (
      <LoadedTable
        size="small"
        read={read}
        rows={read.value?.items}
        columns={columns}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        empty={empty}
        data-testid={`materials-${key}`}
      />
    ),
  });
  return (
    <Card title="待我处理的材料" data-testid="materials-list" extra={<OpenById />}>
      <Tabs
        items={[
          tab(
            'waiting',
            `待我处理${waiting.value ? `（${waiting.value.items.length}）` : ''}`,
            waiting,
            '没有等待您登记、递转或接收的材料',
          ),
          tab('all', '全部', all, '没有经您手的材料'),
        ]}
      />
    </Card>
  );
}

/** Opens a material by the number on a paper filing form. */
function OpenById() {
  const navigate = useNavigate();
  const [id, setId] = useState('');
  return (
    <Space.Compact style={{ width: 360 }}>
      <Input
        aria-label="材料编号"
        placeholder="按材料编号打开（UUID）"
        value={id}
        onChange={(e) => setId(e.target.value.trim())}
      />
      <Button disabled={!id} onClick={() => navigate(`/materials/${id}`)}>
        打开
      </Button>
    </Space.Compact>
  );
}
