import { Card, Empty, Table, Tag } from 'antd';
import { ROLE_NAMES_ZH, isRole } from '@jir/rules';
import type { RecordView } from '../api/types.js';
import { formatInstant } from '../time.js';
import { viewersOf, type ViewerSummary } from './view-log.js';

/** Who viewed the record, once per person with how often and when (R-AC-3, R-BX-5). */
export function RecordViewLog({ views }: { views: RecordView[] | null }) {
  return (
    <Card title="查阅记录（谁看过此记录）" data-testid="view-log">
      {views === null ? (
        <Empty description="只有承办人和纪检监察人员可以查看查阅记录" />
      ) : (
        <Table<ViewerSummary>
          rowKey={(v) => `${v.court}-${v.viewer}`}
          size="small"
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          dataSource={viewersOf(views)}
          locale={{ emptyText: <Empty description="尚无人查阅" /> }}
          columns={[
            { title: '查阅人', render: (_, v) => <span data-testid="viewer">{v.viewer}</span> },
            {
              title: '身份',
              render: (_, v) => v.roles.map((r) => <Tag key={r}>{isRole(r) ? ROLE_NAMES_ZH[r] : r}</Tag>),
            },
            { title: '法院', dataIndex: 'court' },
            { title: '次数', render: (_, v) => <span data-testid="view-count">{v.count}</span> },
            { title: '首次', render: (_, v) => formatInstant(v.first) },
            { title: '最近', render: (_, v) => formatInstant(v.last) },
            { title: '地址', render: (_, v) => v.addresses.join('、') },
          ]}
        />
      )}
    </Card>
  );
}
