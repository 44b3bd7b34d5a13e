import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { Alert, Badge, Button, Layout, Menu, Space, Typography } from 'antd';
import { ROLE_NAMES_ZH, isRole } from '@jir/rules';
import { useSession } from '../auth/session-context.js';
import { TodoProvider, useTodo } from '../todo/todo-context.js';
import { NAVIGATION } from './navigation.js';
import { useOnline } from './use-online.js';

/** The signed-in frame: navigation by rights, the 待办 count, who is signed in, offline notice. */
export function AppFrame({ children }: { children: ReactNode }) {
  return (
    <TodoProvider>
      <FrameLayout>{children}</FrameLayout>
    </TodoProvider>
  );
}

function FrameLayout({ children }: { children: ReactNode }) {
  const { session, signOut } = useSession();
  const online = useOnline();
  const location = useLocation();
  const { results } = useTodo();
  const todoCount = results && results.reduce((n, s) => n + s.items.length, 0);

  const entries = NAVIGATION.filter((e) => e.visible(session.actor));
  const selected = [...entries]
    .sort((a, b) => b.path.length - a.path.length)
    .find((e) => (e.path === '/' ? location.pathname === '/' : location.pathname.startsWith(e.path)));
  const roles = session.actor.roles.map((r) => (isRole(r) ? ROLE_NAMES_ZH[r] : r)).join('、');
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 24 }}>
        <Typography.Title level={4} style={{ color: '#fff', margin: 0, whiteSpace: 'nowrap' }}>
          过问案件记录系统
        </Typography.Title>
        <div style={{ flex: 1 }} />
        <Space style={{ color: '#fff' }}>
          <span data-testid="signed-in-user">
            {session.actor.name ?? session.actor.sub}（{roles}，{session.actor.court}）
          </span>
          <Button size="small" onClick={signOut}>
            退出
          </Button>
        </Space>
      </Layout.Header>
      <Layout>
        <Layout.Sider width={200} theme="light">
          <Menu
            mode="inline"
            selectedKeys={selected ? [selected.key] : []}
            items={entries.map((e) => ({
              key: e.key,
              label: (
                <Link to={e.path}>
                  {e.label}
                  {e.key === 'todo' && todoCount !== null && (
                    <Badge count={todoCount} showZero={false} offset={[8, -2]} data-testid="todo-count" />
                  )}
                </Link>
              ),
            }))}
          />
        </Layout.Sider>
        <Layout.Content style={{ padding: 24 }}>
          {!online && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 16 }}
              message="网络已断开"
              description="已填写的内容仍保留在页面上；恢复网络后再保存或上传。"
            />
          )}
          {children}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
