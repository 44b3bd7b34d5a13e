import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { SignJWT, createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import type { Actor, CourtHierarchy } from '@jir/rules';

/** The issuer of tokens signed with the local development key (`npm run token`). */
export const LOCAL_TOKEN_ISSUER = 'jir-local-dev';
/** The audience user tokens for this system name unless AUTH_AUDIENCE says otherwise. */
export const DEFAULT_TOKEN_AUDIENCE = 'jir';
/** The longest a user token may live, as exp − iat and as exp − now: 12 hours. */
export const DEFAULT_MAX_TOKEN_LIFETIME_S = 12 * 3600;
/** Clock difference tolerated between the token issuer and this service, for the lifetime check only. */
const CLOCK_TOLERANCE_S = 60;

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

/**
 * Why a token was refused. The HTTP layer turns it into a 401, or a 403 when
 * the token is sound but names a court this deployment does not know.
 */
export class TokenError extends Error {
  constructor(
    message: string,
    readonly reason: 'invalid' | 'unknown-court' = 'invalid',
  ) {
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
 * A token must name the expected issuer and audience (by default those of the
 * local development key) and carry an `exp` at most `maxLifetimeS` away,
 * both from its `iat` and from now, so a stolen token cannot live for years.
 * With `courts`, a token whose `court` is not in that configuration is
 * refused (services always pass theirs, see verifierFromConfig).
 */
export function createTokenVerifier(source: {
  jwksUrl?: string;
  publicKeyPem?: string;
  issuer?: string;
  audience?: string;
  maxLifetimeS?: number;
  courts?: CourtHierarchy;
  /** How many verified tokens are remembered (10,000); a test sets a small number to see eviction. */
  cacheSize?: number;
}): TokenVerifier {
  const issuer = source.issuer ?? LOCAL_TOKEN_ISSUER;
  const audience = source.audience ?? DEFAULT_TOKEN_AUDIENCE;
  const maxLifetimeS = source.maxLifetimeS ?? DEFAULT_MAX_TOKEN_LIFETIME_S;
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
  const CACHE_MAX = source.cacheSize ?? 10_000;
  const verifyUncached = async (token: string): Promise<{ actor: AuthenticatedActor; exp: number }> => {
    let payload: { exp?: number; iat?: number };
    try {
      const opts = {
        algorithms,
        issuer,
        audience,
        requiredClaims: ['exp'],
      };
      payload = (
        typeof key === 'function' ? await jwtVerify(token, key, opts) : await jwtVerify(token, key, opts)
      ).payload;
    } catch (e) {
      throw new TokenError((e as Error).message);
    }
    const exp = payload.exp!;
    const now = Math.floor(Date.now() / 1000);
    if (exp - now > maxLifetimeS + CLOCK_TOLERANCE_S)
      throw new TokenError(`token expires more than ${maxLifetimeS} s from now`);
    if (typeof payload.iat === 'number' && exp - payload.iat > maxLifetimeS)
      throw new TokenError(`token lifetime exceeds ${maxLifetimeS} s`);
    const claims = userClaimsSchema.safeParse(payload);
    if (!claims.success) throw new TokenError('token claims are incomplete');
    const c = claims.data;
    if (source.courts && !source.courts.has(c.court))
      throw new TokenError(`court ${c.court} is not in the court configuration`, 'unknown-court');
    const actor = {
      sub: c.sub,
      court: c.court,
      roles: c.roles,
      ...(c.name !== undefined ? { name: c.name } : {}),
      ...(c.division !== undefined ? { division: c.division } : {}),
      ...(c.divisions !== undefined ? { divisions: c.divisions } : {}),
    };
    return { actor, exp };
  };
  return {
    async verify(token) {
      const hit = cache.get(token);
      if (hit && hit.exp > Date.now()) return hit.actor;
      if (hit) cache.delete(token);
      const { actor, exp } = await verifyUncached(token);
      if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
      cache.set(token, { actor, exp: exp * 1000 });
      return actor;
    },
  };
}

/**
 * Signs a user token (the local token command and tests). Issuer and audience
 * default to the local development ones, which verifiers accept by default.
 */
export async function signUserToken(
  privateKeyPem: string,
  claims: UserClaims,
  opts: { expiresIn?: string; issuer?: string; audience?: string } = {},
): Promise<string> {
  const key = createPrivateKey(privateKeyPem);
  const { sub, ...rest } = userClaimsSchema.parse(claims);
  const jwt = new SignJWT(rest)
    .setProtectedHeader({ alg: algorithmOf(createPublicKey(key)), typ: 'JWT' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(opts.expiresIn ?? '8h')
    .setIssuer(opts.issuer ?? LOCAL_TOKEN_ISSUER)
    .setAudience(opts.audience ?? DEFAULT_TOKEN_AUDIENCE);
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
