import { Empty, Table, type TableProps } from 'antd';
import { ProblemAlert } from './ProblemAlert.js';

/**
 * A table of what a page read from a service: the refusal above it, loading until the answer
 * comes, and in words what an empty answer means (an empty table alone reads as "not loaded").
 */
export function LoadedTable<T extends object>({
  read,
  rows,
  empty,
  ...table
}: Omit<TableProps<T>, 'loading' | 'dataSource' | 'locale'> & {
  read: { error: unknown; loading: boolean };
  rows: readonly T[] | undefined;
  empty: string;
}) {
  return (
    <>
      <ProblemAlert error={read.error} />
      <Table<T>
        rowKey="id"
        loading={read.loading}
        dataSource={rows ?? []}
        locale={{ emptyText: <Empty description={empty} /> }}
        {...table}
      />
    </>
  );
}
