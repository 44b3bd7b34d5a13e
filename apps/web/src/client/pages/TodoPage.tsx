import { Link } from 'react-router';
import { Alert, Card, Empty, List, Skeleton, Tag, Typography } from 'antd';
import { useTodo } from '../todo/todo-context.js';
import { orderedItems } from '../todo/todo-sources.js';

/**
 * 待办: everything waiting for the signed-in user (what a colleague waits for first, then
 * breaches, then by date), each opening where it is done. Loaded by the frame (TodoProvider).
 */
export function TodoPage() {
  const { results } = useTodo();
  if (!results)
    return (
      <Card title="待办">
        <Skeleton active />
      </Card>
    );
  const items = orderedItems(results);
  const failed = results.filter((r) => r.problem);
  return (
    <Card title="待办" data-testid="todo">
      {failed.map((r) => (
        <Alert
          key={r.source.key}
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={`“${r.source.label}”暂时无法读取：${r.problem!.problem.message.zh}`}
        />
      ))}
      {items.length === 0 ? (
        <Empty description="没有等待您处理的事项" />
      ) : (
        <List
          dataSource={items}
          renderItem={(i) => (
            <List.Item data-testid="todo-item" data-todo-key={i.key}>
              <List.Item.Meta
                title={
                  <Link to={i.path}>
                    <Tag color={i.color ?? 'blue'}>{i.kind}</Tag>
                    {i.title}
                  </Link>
                }
                description={<Typography.Text type="secondary">{i.detail}</Typography.Text>}
              />
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
