import { useMemo, useState } from 'react';
import {
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  Row,
  Select,
  Table,
  Tag,
  Typography,
} from 'antd';
import { can } from '@jir/rules';
import { courtLabel } from '../reports/court-names.js';
import { useSession } from '../auth/session-context.js';
import { LoadedTable } from '../frame/LoadedTable.js';
import { ProblemAlert } from '../frame/ProblemAlert.js';
import { SearchBox } from '../frame/SearchBox.js';
import { caseNumberColumn, instantColumn } from '../frame/table-columns.js';
import { useAction } from '../office/use-action.js';
import { useLoad } from '../office/use-load.js';
import { identitiesApi } from './identities-api.js';
import type { Identity, IdentitySummary } from '../api/types.js';

/**
 * 过问人 (R-BX-2): the same person across records and courts. Trial management merges two
 * identities that are one person, or moves a record to another (or a new) identity, with a reason.
 */
export function IdentitiesPage() {
  const { session } = useSession();
  const a = session.actor;
  const api = useMemo(() => identitiesApi(session.token), [session.token]);
  const [asked, setAsked] = useState('');
  const list = useLoad(() => api.list(asked || undefined), [api, asked]);
  const [openId, setOpenId] = useState<string | null>(null);
  const mayManage = can(a, 'processing', { kind: 'interferer-identity', court: a.court });
  return (
    <Row gutter={16} data-testid="identities">
      <Col span={10}>
        <Card
          title="过问人"
          data-testid="identity-list"
          extra={<SearchBox label="姓名或单位" onSearch={setAsked} />}
        >
          <LoadedTable
            size="small"
            read={list}
            rows={list.value}
            empty="没有找到过问人"
            onRow={(r) => ({ onClick: () => setOpenId(r.id), style: { cursor: 'pointer' } })}
            rowClassName={(r) => (r.id === openId ? 'ant-table-row-selected' : '')}
            columns={[
              { title: '姓名', dataIndex: 'name' },
              { title: '单位', dataIndex: 'unit' },
              { title: '职务', dataIndex: 'position' },
              { title: '记录', dataIndex: 'records' },
            ]}
          />
        </Card>
      </Col>
      <Col span={14}>
        {openId ? (
          <IdentityCard
            key={openId}
            id={openId}
            others={list.value ?? []}
            mayManage={mayManage}
            onChanged={(id) => {
              setOpenId(id);
              list.reload();
            }}
          />
        ) : (
          <Card>
            <Empty description="选择左侧的过问人查看其全部记录" />
          </Card>
        )}
      </Col>
    </Row>
  );
}

function IdentityCard({
  id,
  others,
  mayManage,
  onChanged,
}: {
  id: string;
  others: IdentitySummary[];
  mayManage: boolean;
  onChanged(id: string): void;
}) {
  const { session } = useSession();
  const api = useMemo(() => identitiesApi(session.token), [session.token]);
  const loaded = useLoad(() => api.get(id), [api, id]);
  const [form] = Form.useForm<{ into: string; reason: string }>();
  const { error, run } = useAction(form);
  const act = (f: () => Promise<Identity>) => run(async () => onChanged((await f()).id));
  const i = loaded.value;
  if (!i) return <Card loading={loaded.loading}>{<ProblemAlert error={loaded.error} />}</Card>;
  return (
    <Card title={`${i.name}（${i.unit}，${i.position}）`}>
      <ProblemAlert error={error} />
      {i.mergedInto && <Tag color="orange">已并入 {i.mergedInto}</Tag>}
      <Descriptions size="small" column={1}>
        <Descriptions.Item label="其他法院">
          {i.otherCourts.length
            ? i.otherCourts.map((c) => `${courtLabel(c.court)}：${c.records} 件`).join('；')
            : '其他法院没有记录'}
        </Descriptions.Item>
      </Descriptions>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={i.records}
        columns={[
          caseNumberColumn((r: Identity['records'][number]) => `/records/${r.id}`),
          instantColumn('收到时间', 'receivedAt'),
          { title: '承办人', dataIndex: 'handler' },
          { title: '庭室', dataIndex: 'division' },
          ...(mayManage
            ? [
                {
                  title: '',
                  key: 'split',
                  render: (_: unknown, r: Identity['records'][number]) => (
                    <Button
                      size="small"
                      onClick={() => void act(() => api.split(r.id, form.getFieldValue('reason') ?? ''))}
                    >
                      拆分为另一人
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {mayManage && (
        <Form form={form} layout="vertical" style={{ marginTop: 16 }}>
          <Typography.Paragraph type="secondary">
            合并、拆分会改变报告中的统计，须写明理由并留痕。
          </Typography.Paragraph>
          <Form.Item name="into" label="并入（同一人）">
            <Select
              placeholder="选择同一人的另一身份"
              options={others
                .filter((o) => o.id !== id)
                .map((o) => ({ value: o.id, label: `${o.name}（${o.unit}，${o.position}）` }))}
            />
          </Form.Item>
          <Form.Item name="reason" label="理由">
            <Input.TextArea rows={2} />
          </Form.Item>
          <Button
            onClick={() =>
              void act(() =>
                api.merge(id, form.getFieldValue('into') ?? '', form.getFieldValue('reason') ?? ''),
              )
            }
          >
            合并
          </Button>
        </Form>
      )}
    </Card>
  );
}
