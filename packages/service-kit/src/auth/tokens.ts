import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { SignJWT, createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import type { Actor } from '@jir/rules';

/** The claims a user token carries (DESIGN.md, Auth). */
export const userClaimsSchema = z.object({
  sub: z.string().min(1).max(200),
  name: z.string().max(200).optional(),
  court: z.string().min(1).max(40),
  division: z.string().max(100).optional(),
  /** Divisions in charge, for vice-presidents. */
  divisions: z.array(z.string().max(100)).max(50).optional(),
  roles: z.array(z.string().max(50)).max(20),
});
export type UserClaims = z.infer<typeof userClaimsSchema>;

export type AuthenticatedActor = Actor & { name?: string };

/** Why a token was refused; the HTTP layer turns it into a 401. */
export class TokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenError';
  }
}

function algorithmOf(key: KeyObject): string {
  switch (key.asymmetricKeyType) {
    case 'ed25519':
      return 'EdDSA';
    case 'rsa':
      return 'RS256';
    case 'ec':
      return 'ES256';
    default:
      throw new Error(`unsupported key type ${key.asymmetricKeyType}`);
  }
}

export interface TokenVerifier {
  verify(token: string): Promise<AuthenticatedActor>;
}

/**
 * Verifies user tokens against a JWKS URL or one public key (PEM). Only
 * asymmetric algorithms are accepted, so a leaked verifier key cannot mint.
 */
export function createTokenVerifier(source: {
  jwksUrl?: string;
  publicKeyPem?: string;
  audience?: string;
}): TokenVerifier {
  let key: KeyObject | JWTVerifyGetKey;
  let algorithms: string[];
  if (source.jwksUrl) {
    key = createRemoteJWKSet(new URL(source.jwksUrl));
    algorithms = ['EdDSA', 'RS256', 'ES256', 'PS256'];
  } else if (source.publicKeyPem) {
    const k = createPublicKey(source.publicKeyPem);
    key = k;
    algorithms = [algorithmOf(k)];
  } else throw new Error('a token verifier needs AUTH_JWKS_URL or AUTH_PUBLIC_KEY');

  // A token is immutable: once verified it need not be verified again until it expires.
  // Bounded, oldest entries evicted first; expiry is still checked on every use.
  const cache = new Map<string, { actor: AuthenticatedActor; exp: number }>();
  const CACHE_MAX = 10_000;
  const verifyUncached = async (
    token: string,
  ): Promise<{ actor: AuthenticatedActor; exp: number | undefined }> => {
    let payload: { exp?: number };
    try {
      const opts = { algorithms, ...(source.audience ? { audience: source.audience } : {}) };
      payload = (
        typeof key === 'function' ? await jwtVerify(token, key, opts) : await jwtVerify(token, key, opts)
      ).payload;
    } catch (e) {
      throw new TokenError((e as Error).message);
    }
    const claims = userClaimsSchema.safeParse(payload);
    if (!claims.success) throw new TokenError('token claims are incomplete');
    const c = claims.data;
    const actor = {
      sub: c.sub,
      court: c.court,
      roles: c.roles,
      ...(c.name !== undefined ? { name: c.name } : {}),
      ...(c.division !== undefined ? { division: c.division } : {}),
      ...(c.divisions !== undefined ? { divisions: c.divisions } : {}),
    };
    return { actor, exp: payload.exp };
  };
  return {
    async verify(token) {
      const hit = cache.get(token);
      if (hit && hit.exp > Date.now()) return hit.actor;
      if (hit) cache.delete(token);
      const { actor, exp } = await verifyUncached(token);
      // Tokens without an expiry are verified every time.
      if (typeof exp === 'number') {
        if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
        cache.set(token, { actor, exp: exp * 1000 });
      }
      return actor;
    },
  };
}

/** Signs a user token (the local token command and tests). */
export async function signUserToken(
  privateKeyPem: string,
  claims: UserClaims,
  opts: { expiresIn?: string; issuer?: string; audience?: string } = {},
): Promise<string> {
  const key = createPrivateKey(privateKeyPem);
  const { sub, ...rest } = userClaimsSchema.parse(claims);
  let jwt = new SignJWT(rest)
    .setProtectedHeader({ alg: algorithmOf(createPublicKey(key)), typ: 'JWT' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(opts.expiresIn ?? '8h');
  if (opts.issuer) jwt = jwt.setIssuer(opts.issuer);
  if (opts.audience) jwt = jwt.setAudience(opts.audience);
  return jwt.sign(key);
}

/**
 * Court-to-court calls (R-RP-3): the sending court signs with its own key and
 * names itself as issuer; the receiver checks it against the key it has
 * registered for that court.
 */
export function createCourtVerifier(registeredKeys: Record<string, string>) {
  const keys = new Map(Object.entries(registeredKeys).map(([court, pem]) => [court, createPublicKey(pem)]));
  return {
    async verify(token: string, audience: string): Promise<{ court: string }> {
      try {
        const { payload } = await jwtVerify(
          token,
          async (header, t) => {
            const raw =
              typeof t.payload === 'string' ? Buffer.from(t.payload, 'base64url') : Buffer.from(t.payload);
            const iss = (JSON.parse(raw.toString()) as { iss?: string }).iss;
            const k = iss ? keys.get(iss) : undefined;
            if (!k) throw new TokenError(`no key registered for court ${String(iss)}`);
            if (header.alg !== algorithmOf(k))
              throw new TokenError('algorithm does not match the registered key');
            return k;
          },
          { audience },
        );
        if (!payload.iss) throw new TokenError('no issuer');
        return { court: payload.iss };
      } catch (e) {
        throw new TokenError((e as Error).message);
      }
    },
  };
}

/** Signs a court-to-court token: issuer is the sending court, audience the receiving one. */
export async function signCourtToken(
  privateKeyPem: string,
  from: string,
  to: string,
  expiresIn = '5m',
): Promise<string> {
  const key = createPrivateKey(privateKeyPem);
  return new SignJWT({})
    .setProtectedHeader({ alg: algorithmOf(createPublicKey(key)) })
    .setIssuer(from)
    .setAudience(to)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(key);
}
