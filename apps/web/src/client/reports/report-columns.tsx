import { Link } from 'react-router';
import { Tag } from 'antd';
import { courtColumn, instantColumn } from '../frame/table-columns.js';

/** Which version of a court's quarterly report a line is. */
export const versionColumn = { title: '版本', dataIndex: 'version', render: (v: number) => `第 ${v} 版` };

/** A report version as every list of reports shows it: whose, which quarter, which version, how final, when. */
export const reportVersionColumns = [
  courtColumn('法院', 'court'),
  { title: '季度', dataIndex: 'quarter' },
  versionColumn,
  {
    title: '性质',
    dataIndex: 'provisional',
    render: (p: boolean) => (p ? <Tag color="orange">临时</Tag> : <Tag color="green">正式</Tag>),
  },
  instantColumn('生成时间', 'generatedAt'),
];

/** A link to the report whose id the row holds under `dataIndex`. */
export const openReportColumn = (dataIndex: string) => ({
  title: '',
  dataIndex,
  render: (id: string) => <Link to={`/reports/${id}`}>查看</Link>,
});
