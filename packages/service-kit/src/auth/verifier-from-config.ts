import type { CourtHierarchy } from '@jir/rules';
import { ConfigError } from '../config.js';
import { courtsFromConfig } from '../courts-from-config.js';
import type { Logger } from '../logger.js';
import { ensureLocalKeyPair, DEFAULT_LOCAL_KEY_DIR } from './local-keys.js';
import { createTokenVerifier, type TokenVerifier } from './tokens.js';

/**
 * The verifier a service uses: the court's JWKS URL, else its public key, else,
 * only when AUTH_DEV_MODE is asked for, the local key pair that `npm run token`
 * signs with, which the logs say plainly. Without a key and without dev mode it
 * throws a ConfigError naming the variables: a production service must never
 * trust a key it generated itself. Tokens must carry the configured issuer and
 * audience, an expiry within AUTH_MAX_TOKEN_LIFETIME, and a court of the
 * court configuration.
 */
export function verifierFromConfig(
  c: {
    AUTH_JWKS_URL?: string | undefined;
    AUTH_PUBLIC_KEY?: string | undefined;
    AUTH_DEV_MODE?: boolean | undefined;
    AUTH_LOCAL_KEY_DIR?: string | undefined;
    AUTH_ISSUER?: string | undefined;
    AUTH_AUDIENCE?: string | undefined;
    AUTH_MAX_TOKEN_LIFETIME?: number | undefined;
    COURT_CONFIG?: string | undefined;
  },
  logger: Logger,
  courts: CourtHierarchy = courtsFromConfig(c),
): TokenVerifier {
  const rules = {
    ...(c.AUTH_ISSUER ? { issuer: c.AUTH_ISSUER } : {}),
    ...(c.AUTH_AUDIENCE ? { audience: c.AUTH_AUDIENCE } : {}),
    ...(c.AUTH_MAX_TOKEN_LIFETIME ? { maxLifetimeS: c.AUTH_MAX_TOKEN_LIFETIME } : {}),
    courts,
  };
  if (c.AUTH_JWKS_URL) return createTokenVerifier({ jwksUrl: c.AUTH_JWKS_URL, ...rules });
  if (c.AUTH_PUBLIC_KEY)
    return createTokenVerifier({ publicKeyPem: c.AUTH_PUBLIC_KEY.replace(/\\n/g, '\n'), ...rules });
  if (!c.AUTH_DEV_MODE)
    throw new ConfigError([
      'AUTH_JWKS_URL / AUTH_PUBLIC_KEY: 未配置令牌验证密钥，服务拒绝启动；请设置 AUTH_JWKS_URL 或 AUTH_PUBLIC_KEY，' +
        '本地开发可设置 AUTH_DEV_MODE=true / no token key configured, so the service refuses to start: ' +
        'set AUTH_JWKS_URL or AUTH_PUBLIC_KEY, or AUTH_DEV_MODE=true for local development only',
    ]);
  const dir = c.AUTH_LOCAL_KEY_DIR ?? DEFAULT_LOCAL_KEY_DIR;
  logger.warn(
    { dir },
    'AUTH_DEV_MODE: no AUTH_JWKS_URL or AUTH_PUBLIC_KEY, trusting the local development key (not for production)',
  );
  return createTokenVerifier({ publicKeyPem: ensureLocalKeyPair(dir).publicKeyPem, ...rules });
}
