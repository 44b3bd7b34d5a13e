import type { ReactNode } from 'react';
import { Alert } from 'antd';

/**
 * A line above a card's content: what the page must say before the user acts (info, warning) or
 * what an action just did (success). `below` is the space to what follows.
 */
export function Notice({
  type,
  message,
  description,
  below = 12,
  testId,
}: {
  type: 'info' | 'success' | 'warning' | 'error';
  message: ReactNode;
  description?: ReactNode;
  below?: number;
  testId?: string;
}) {
  return (
    <Alert
      type={type}
      showIcon
      style={{ marginBottom: below }}
      message={message}
      description={description}
      data-testid={testId}
    />
  );
}
