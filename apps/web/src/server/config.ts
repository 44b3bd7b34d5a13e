import { z } from 'zod';
import { ConfigError, parseConfig } from '@jir/service-kit';

const serviceUrl = (port: number) => z.url().default(`http://127.0.0.1:${port}`);

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  /** Where /api/intake/…, /api/evidence/…, /api/deadlines/… and /api/reporting/… go. */
  INTAKE_URL: serviceUrl(3001),
  EVIDENCE_URL: serviceUrl(3002),
  DEADLINES_URL: serviceUrl(3003),
  REPORTING_URL: serviceUrl(3004),
  /**
   * true: the development sign-in page exists and this server mints tokens with the local
   * development key, as the services started with AUTH_DEV_MODE=true trust it. Never in production.
   */
  AUTH_DEV_MODE: z.stringbool().default(false),
  AUTH_LOCAL_KEY_DIR: z.string().optional(),
  /** The court's OpenID Connect provider (authorization code with PKCE) when dev mode is off. */
  OIDC_AUTHORITY: z.url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_SCOPE: z.string().default('openid profile'),
  /** The built browser files; default: dist/client next to this server. */
  STATIC_DIR: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type WebConfig = z.output<typeof schema>;

/** The only reader of the environment in the web server. */
export function loadConfig(env: Record<string, string | undefined> = process.env): WebConfig {
  const config = parseConfig(schema, env);
  if (!config.AUTH_DEV_MODE && !(config.OIDC_AUTHORITY && config.OIDC_CLIENT_ID))
    throw new ConfigError([
      'OIDC_AUTHORITY, OIDC_CLIENT_ID: 未配置登录方式，请设置二者（仅本地开发可改设 AUTH_DEV_MODE=true）/ ' +
        'no sign-in configured: set both (or AUTH_DEV_MODE=true for local development only)',
    ]);
  return config;
}
