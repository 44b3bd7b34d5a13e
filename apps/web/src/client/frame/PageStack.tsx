import type { ReactNode } from 'react';
import { Space } from 'antd';

/** A page of cards one above the other, full width, as every office page lays itself out. */
export function PageStack({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid={testId}>
      {children}
    </Space>
  );
}
