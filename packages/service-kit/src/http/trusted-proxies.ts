import { isIP } from 'node:net';
import type { Express } from 'express';
import { z } from 'zod';

const NAMED = ['loopback', 'linklocal', 'uniquelocal'];

function isProxyEntry(v: string): boolean {
  if (NAMED.includes(v)) return true;
  const [addr, prefix, ...rest] = v.split('/');
  if (rest.length > 0 || !addr) return false;
  const family = isIP(addr);
  if (family === 0) return false;
  if (prefix === undefined) return true;
  const max = family === 4 ? 32 : 128;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= max;
}

/**
 * TRUSTED_PROXIES: a comma-separated list of proxy addresses, CIDR ranges or
 * `loopback`/`linklocal`/`uniquelocal`. Empty (the default) trusts none.
 */
export const trustedProxiesSchema = z
  .string()
  .default('')
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .refine((list) => list.every(isProxyEntry), {
    message: 'a comma-separated list of IP addresses, CIDR ranges, loopback, linklocal or uniquelocal',
  });

/**
 * Makes `req.ip` (and so the view log's "from where", R-AC-3) honour
 * X-Forwarded-For only when the connection comes from one of these proxies;
 * with none, the header is ignored and the peer address is used, so a client
 * cannot write an address of its choosing into the logs.
 */
export function trustProxies(app: Express, proxies: readonly string[]): void {
  app.set('trust proxy', proxies.length > 0 ? [...proxies] : false);
}
