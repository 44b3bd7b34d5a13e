import { useState, type ReactNode } from 'react';
import { Button, Input, Space } from 'antd';

/**
 * A list's search: the words typed are asked for only when the button is pressed, trimmed, so a
 * list is not re-read at every key. `before` goes ahead of the box (a filter asked together).
 */
export function SearchBox({
  label,
  onSearch,
  before,
}: {
  label: string;
  onSearch(q: string): void;
  before?: ReactNode;
}) {
  const [q, setQ] = useState('');
  return (
    <Space.Compact>
      {before}
      <Input aria-label={label} placeholder={label} value={q} onChange={(e) => setQ(e.target.value)} />
      <Button onClick={() => onSearch(q.trim())}>查找</Button>
    </Space.Compact>
  );
}
