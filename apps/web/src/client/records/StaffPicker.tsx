import { useMemo } from 'react';
import { Select } from 'antd';
import { staffApi } from '../admin/staff-api.js';
import { useSession } from '../auth/session-context.js';
import { useLoad } from '../office/use-load.js';
import type { StaffMember } from '../api/types.js';

/**
 * Court staff picked from the court's directory (R-RC-3, Art 4): searched by name, id or
 * division; the value is the staff id the service checks against the same directory. A court that
 * has not loaded its directory yet still gets ids typed by hand, as the service then accepts them.
 */
export function StaffPicker(p: {
  id?: string;
  value?: string[];
  onChange?: (v: string[]) => void;
  exclude?: string;
  'aria-label'?: string;
}) {
  const { session } = useSession();
  const api = useMemo(() => staffApi(session.token), [session.token]);
  const staff = useLoad(() => api.list({}), [api]);
  const options = (staff.value ?? [])
    .filter((s) => s.id !== p.exclude)
    .map((s: StaffMember) => ({
      value: s.id,
      label: `${s.name}（${s.id}${s.division ? `，${s.division}` : ''}）`,
    }));
  const directory = options.length > 0;
  return (
    <Select
      id={p.id}
      aria-label={p['aria-label']}
      mode="tags"
      value={p.value}
      onChange={p.onChange}
      style={{ width: 360 }}
      loading={staff.loading}
      options={options}
      optionFilterProp="label"
      tokenSeparators={[',', '，']}
      placeholder={directory ? '输入姓名或工号搜索' : '输入工号后回车'}
      notFoundContent={directory ? '名录中没有此人' : '本院尚未导入人员名录，请输入工号后回车'}
      data-testid="staff-picker"
    />
  );
}
