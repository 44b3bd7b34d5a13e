import { useMemo, useState } from 'react';
import { Button, Card, Select, Tag, Upload } from 'antd';
import { can, isRole, ROLE_NAMES_ZH, ROLES } from '@jir/rules';
import { useSession } from '../auth/session-context.js';
import { LoadedTable } from '../frame/LoadedTable.js';
import { PageStack } from '../frame/PageStack.js';
import { Notice } from '../frame/Notice.js';
import { ProblemAlert } from '../frame/ProblemAlert.js';
import { SearchBox } from '../frame/SearchBox.js';
import { instantColumn, optionalColumn } from '../frame/table-columns.js';
import { useAction } from '../office/use-action.js';
import { useLoad } from '../office/use-load.js';
import { formatInstant } from '../time.js';
import { staffApi } from './staff-api.js';
import type { StaffImportResult, StaffMember } from '../api/types.js';

const roleZh = (r: string) => (isRole(r) ? ROLE_NAMES_ZH[r] : r);

/**
 * 人员名录: the court's people as the personnel system exports them, loaded whole (anyone left
 * out is marked as having left), listed by division, role or name; people who used the system
 * but are not in the directory are listed for review.
 */
export function StaffPage() {
  const { session } = useSession();
  const a = session.actor;
  const api = useMemo(() => staffApi(session.token), [session.token]);
  const mayLoad = can(a, 'processing', { kind: 'staff-directory', court: a.court });
  const [role, setRole] = useState<string | undefined>();
  const [asked, setAsked] = useState<{ q?: string; role?: string }>({});
  const list = useLoad(
    () => api.list({ q: asked.q || undefined, role: asked.role as never, all: 'true' }),
    [api, asked],
  );
  const unknown = useLoad(() => (mayLoad ? api.unknown() : Promise.resolve([])), [api, mayLoad]);
  const [result, setResult] = useState<StaffImportResult | null>(null);
  const { busy, error, run } = useAction();
  // Those the file now names are no longer outside the directory: both lists are read again.
  const load = (file: File) =>
    run(async () => {
      setResult(await api.load(file));
      list.reload();
      unknown.reload();
    });
  return (
    <PageStack testId="staff">
      {mayLoad && (
        <Card title="导入人员名录">
          <Notice
            type="info"
            message="请导入人事系统导出的全院名录（CSV UTF-8 或 JSON）；名录中没有的人员将标记为已离开，不会删除。"
          />
          <ProblemAlert error={error} />
          {result && (
            <Notice
              type="success"
              message={`已导入：新增 ${result.added} 人，更新 ${result.updated} 人，未变 ${result.unchanged} 人，标记离开 ${result.departed} 人，共 ${result.total} 人。`}
            />
          )}
          <Upload
            accept=".csv,.json,text/csv,application/json"
            showUploadList={false}
            beforeUpload={(f) => {
              void load(f);
              return false;
            }}
          >
            <Button type="primary" loading={busy}>
              选择名录文件
            </Button>
          </Upload>
        </Card>
      )}
      <Card
        title="本院人员"
        data-testid="staff-directory"
        extra={
          <SearchBox
            label="姓名或工号"
            onSearch={(q) => setAsked({ q, role })}
            before={
              <Select
                allowClear
                placeholder="角色"
                style={{ width: 160 }}
                value={role}
                onChange={setRole}
                options={ROLES.map((r) => ({ value: r, label: ROLE_NAMES_ZH[r] }))}
              />
            }
          />
        }
      >
        <LoadedTable
          size="small"
          read={list}
          rows={list.value}
          empty="名录中没有人员，请先导入"
          columns={[
            { title: '工号', dataIndex: 'id' },
            { title: '姓名', dataIndex: 'name' },
            optionalColumn('部门', 'division'),
            {
              title: '角色',
              dataIndex: 'roles',
              render: (rs: string[]) => rs.map((r) => <Tag key={r}>{roleZh(r)}</Tag>),
            },
            {
              title: '状态',
              key: 'active',
              render: (_: unknown, s: StaffMember) =>
                s.active ? <Tag color="green">在职</Tag> : <Tag>已离开 {formatInstant(s.activeUntil)}</Tag>,
            },
          ]}
        />
      </Card>
      {mayLoad && (
        <Card title="名录外的使用者（待审核）">
          <LoadedTable
            size="small"
            read={unknown}
            rows={unknown.value}
            empty="没有名录外的使用者"
            columns={[
              { title: '账号', dataIndex: 'id' },
              optionalColumn('姓名', 'name'),
              { title: '角色', dataIndex: 'roles', render: (rs: string[]) => rs.map(roleZh).join('、') },
              instantColumn('首次', 'firstSeen'),
              instantColumn('最近', 'lastSeen'),
            ]}
          />
        </Card>
      )}
    </PageStack>
  );
}
