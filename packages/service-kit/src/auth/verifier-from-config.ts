import type { Logger } from '../logger.js';
import { ensureLocalKeyPair, DEFAULT_LOCAL_KEY_DIR } from './local-keys.js';
import { createTokenVerifier, type TokenVerifier } from './tokens.js';

/**
 * The verifier a service uses: the court's JWKS URL, else its public key, else
 * (development only) the local key pair that `npm run token` signs with,
 * which the logs say plainly.
 */
export function verifierFromConfig(
  c: {
    AUTH_JWKS_URL?: string | undefined;
    AUTH_PUBLIC_KEY?: string | undefined;
    AUTH_LOCAL_KEY_DIR?: string | undefined;
  },
  logger: Logger,
): TokenVerifier {
  if (c.AUTH_JWKS_URL) return createTokenVerifier({ jwksUrl: c.AUTH_JWKS_URL });
  if (c.AUTH_PUBLIC_KEY)
    return createTokenVerifier({ publicKeyPem: c.AUTH_PUBLIC_KEY.replace(/\\n/g, '\n') });
  const dir = c.AUTH_LOCAL_KEY_DIR ?? DEFAULT_LOCAL_KEY_DIR;
  logger.warn(
    { dir },
    'no AUTH_JWKS_URL or AUTH_PUBLIC_KEY: trusting the local development key (not for production)',
  );
  return createTokenVerifier({ publicKeyPem: ensureLocalKeyPair(dir).publicKeyPem });
}
