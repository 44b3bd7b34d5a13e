import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ROLES } from '@jir/rules';
import { createApp, type WebAppDeps } from '../../src/server/app.js';

const servers: { close(): void }[] = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

async function serve(deps: Partial<WebAppDeps>): Promise<string> {
  const app = createApp({
    // Port 9 (discard) on loopback: nothing listens, so the proxy's answer when a service is down shows.
    services: {
      intake: 'http://127.0.0.1:9',
      evidence: 'http://127.0.0.1:9',
      deadlines: 'http://127.0.0.1:9',
      reporting: 'http://127.0.0.1:9',
    },
    signIn: { mode: 'oidc', authority: 'https://idp.example', clientId: 'jir', scope: 'openid' },
    staticDir: '/nonexistent',
    ...deps,
  });
  const s = app.listen(0, '127.0.0.1');
  servers.push(s);
  await new Promise((r) => s.once('listening', r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

describe('the web server', () => {
  it('R-AC-1: without dev mode the demo users and the token minting do not exist', async () => {
    const url = await serve({});
    expect((await fetch(`${url}/auth/dev/users`)).status).toBe(404);
    expect((await fetch(`${url}/auth/dev/token`, { method: 'POST' })).status).toBe(404);
    expect(await (await fetch(`${url}/auth/config`)).json()).toMatchObject({ mode: 'oidc' });
  });

  it('R-AC-1: in dev mode it lists the demo users of every role and mints a token only for one of them', async () => {
    const minted: string[] = [];
    const url = await serve({
      signIn: { mode: 'dev' },
      mintDevToken: async (c) => {
        minted.push(c.sub);
        return `token-for-${c.sub}`;
      },
    });
    const list = (await (await fetch(`${url}/auth/dev/users`)).json()) as {
      notice: string;
      users: { roles: { role: string }[] }[];
    };
    expect(list.notice).toContain('仅供本地开发使用');
    // Every role of REQUIREMENTS.md §1 has a demo user.
    expect(new Set(list.users.flatMap((u) => u.roles.map((r) => r.role)))).toEqual(new Set(ROLES));
    const bad = await fetch(`${url}/auth/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'root', roles: ['it-admin'] }),
    });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { message: { zh: string } }).message.zh).toBe('没有这个演示用户');
    const ok = await fetch(`${url}/auth/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'judge-a' }),
    });
    expect(await ok.json()).toMatchObject({ token: 'token-for-judge-a' });
    expect(minted).toEqual(['judge-a']);
  });

  it('R-PV-1: a service that does not answer is a problem+json 502 in Chinese and English, not a hang', async () => {
    const url = await serve({});
    const r = await fetch(`${url}/api/intake/v1/records`);
    expect(r.status).toBe(502);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    const p = (await r.json()) as { code: string; message: { zh: string; en: string } };
    expect(p.code).toBe('service-unavailable');
    expect(p.message.zh).toContain('记录服务');
    expect((await fetch(`${url}/api/unknown/x`)).status).toBe(404);
  });

  it('R-EV-2, R-AC-1: download tickets need a bearer token, name only evidence content, and an unknown one is refused in both languages', async () => {
    const url = await serve({});
    const path = '/api/evidence/v1/evidence/0f8fad5b-d9cb-469f-a165-70867728950e/content';
    const ask = (body: unknown, auth?: string) =>
      fetch(`${url}/auth/download-tickets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
        body: JSON.stringify(body),
      });
    expect((await ask({ path })).status).toBe(401);
    const other = await ask({ path: '/api/intake/v1/records' }, 'Bearer t');
    expect(other.status).toBe(422);
    expect(((await other.json()) as { message: { zh: string } }).message.zh).toContain('证据文件');
    const ok = await ask({ path }, 'Bearer t');
    expect(ok.status).toBe(201);
    const { url: link } = (await ok.json()) as { url: string };
    expect(link).toMatch(/^\/api\/evidence\/v1\/evidence\/[0-9a-f-]+\/content\?ticket=[\w-]{40,}$/);
    // Bound to its file: the same ticket on another file's address opens nothing.
    const ticket = new URL(link, url).searchParams.get('ticket');
    const elsewhere = await fetch(
      `${url}/api/evidence/v1/evidence/1f8fad5b-d9cb-469f-a165-70867728950e/content?ticket=${ticket}`,
    );
    expect(elsewhere.status).toBe(401);
    const forged = await fetch(`${url}${path}?ticket=forged`);
    expect(forged.status).toBe(401);
    expect(forged.headers.get('content-type')).toContain('application/problem+json');
    const body = (await forged.json()) as { message: { zh: string; en: string } };
    expect(body.message.zh).toContain('下载链接已失效');
    expect(body.message.en).toContain('expired');
  });
});
