import express, { type Router } from 'express';
import { z } from 'zod';
import { ROLE_NAMES_ZH, isRole } from '@jir/rules';
import type { UserClaims } from '@jir/service-kit';
import { DEV_USERS } from './dev-users.js';
import { sendProblem } from './problem-response.js';

/** Signs a token for a demo user; in dev mode with the kit's local development key. */
export type DevTokenMinter = (claims: UserClaims) => Promise<string>;

const bodySchema = z.object({ user: z.string().min(1).max(100) }).strict();

/**
 * The development sign-in: the list of demo users and a token for one of them. Mounted only
 * when dev mode is on, so in production these addresses do not exist (404 like any other).
 */
export function devSignInRouter(mint: DevTokenMinter): Router {
  const r = express.Router();
  r.get('/users', (_req, res) => {
    res.json({
      notice: '仅供本地开发使用：这些演示用户的令牌由本地开发密钥签发，生产环境不存在此页面。',
      users: DEV_USERS.map((u) => ({
        id: u.id,
        label: u.label,
        court: u.claims.court,
        roles: u.claims.roles.map((role) => ({ role, zh: isRole(role) ? ROLE_NAMES_ZH[role] : role })),
      })),
    });
  });
  r.post('/token', express.json({ limit: '4kb' }), async (req, res) => {
    const parsed = bodySchema.safeParse(req.body);
    const user = parsed.success ? DEV_USERS.find((u) => u.id === parsed.data.user) : undefined;
    if (!user) {
      sendProblem(res, 422, 'validation-failed', {
        zh: '没有这个演示用户',
        en: 'no such demo user',
      });
      return;
    }
    res.json({ token: await mint(user.claims), claims: user.claims });
  });
  return r;
}
