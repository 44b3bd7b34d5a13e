import { useEffect, useState } from 'react';
import { Alert, Button, Card, List, Spin, Tag, Typography } from 'antd';
import type { SignInConfig } from '../auth/sign-in-config.js';
import { userManager } from '../auth/oidc.js';

interface DevUserView {
  id: string;
  label: string;
  court: string;
  roles: { role: string; zh: string }[];
}

/**
 * Signing in: with the court's identity provider in production; with a list of demo users
 * when the server runs in development mode (and only then does that list exist).
 */
export function SignInPage({ config, onToken }: { config: SignInConfig; onToken(token: string): void }) {
  if (config.mode === 'oidc')
    return (
      <Centered>
        <Card title="过问案件记录系统">
          <Button type="primary" onClick={() => void userManager(config).signinRedirect()}>
            使用法院统一身份认证登录
          </Button>
        </Card>
      </Centered>
    );
  return <DevSignIn onToken={onToken} />;
}

function DevSignIn({ onToken }: { onToken(token: string): void }) {
  const [data, setData] = useState<{ notice: string; users: DevUserView[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    fetch('/auth/dev/users')
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(String(r.status)))))
      .then(setData)
      .catch(() => setError('无法读取演示用户，请确认网页服务已启动'));
  }, []);
  const signIn = async (id: string) => {
    const r = await fetch('/auth/dev/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: id }),
    });
    if (!r.ok) return setError('登录失败');
    onToken(((await r.json()) as { token: string }).token);
  };
  return (
    <Centered>
      <Card title="过问案件记录系统 · 开发环境登录" style={{ width: 640 }}>
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          message="仅供本地开发使用"
          description={
            data?.notice ??
            '这些演示用户的令牌由本地开发密钥签发；生产环境使用法院统一身份认证，不存在此页面。'
          }
        />
        {error && <Alert type="error" message={error} style={{ marginBottom: 16 }} />}
        {!data && !error && <Spin />}
        {data && (
          <List
            dataSource={data.users}
            renderItem={(u) => (
              <List.Item
                actions={[
                  <Button
                    key="in"
                    type="primary"
                    data-testid={`sign-in-${u.id}`}
                    onClick={() => void signIn(u.id)}
                  >
                    登录
                  </Button>,
                ]}
              >
                <List.Item.Meta
                  title={u.label}
                  description={
                    <>
                      {u.roles.map((r) => (
                        <Tag key={r.role}>{r.zh}</Tag>
                      ))}
                      <Typography.Text type="secondary">{u.court}</Typography.Text>
                    </>
                  }
                />
              </List.Item>
            )}
          />
        )}
      </Card>
    </Centered>
  );
}

function Centered({ children }: { children: React.ReactNode }) {
  return <div style={{ display: 'flex', justifyContent: 'center', padding: '48px 16px' }}>{children}</div>;
}
