import { Link } from 'react-router';
import { Typography } from 'antd';
import { courtLabel } from '../reports/court-names.js';
import { formatInstant } from '../time.js';

// Cells that several tables show alike. Plain column objects, so they fit a table of any row type.

/** An instant in Beijing time; a dash for none. */
export const instantColumn = (title: string, dataIndex: string) => ({
  title,
  dataIndex,
  render: (v: string | null) => formatInstant(v),
});

/** A court by its name (and code). */
export const courtColumn = (title: string, dataIndex: string) => ({
  title,
  dataIndex,
  render: (c: string) => courtLabel(c),
});

/** A value the row may lack, a dash for none. */
export const optionalColumn = (title: string, dataIndex: string) => ({
  title,
  dataIndex,
  render: (v: string | null) => v ?? '—',
});

/** A case number leading to the page of the row it names. */
export const caseNumberColumn = <T,>(to: (row: T) => string) => ({
  title: '案号',
  dataIndex: 'caseNumber',
  render: (v: string, row: T) => <Link to={to(row)}>{v}</Link>,
});

/** The start of a SHA-256 digest, enough to compare by eye. */
export const digestColumn = (title: string) => ({
  title,
  dataIndex: 'digest',
  render: (d: string) => <Typography.Text code>{d.slice(0, 16)}…</Typography.Text>,
});
