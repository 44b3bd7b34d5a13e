import { createPublicKey } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import type { Peer } from '../config.js';
import type { SigningKey } from '../reports/report-signing.js';

/** What a push to a peer asserts: who sends, to whom, which document (by digest). */
export interface PushClaims {
  /** The sending deployment (the id the receiver registered our key under). */
  iss: string;
  /** The receiving deployment. */
  aud: string;
  /** The sending court. */
  sub: string;
  /** The pushed document's digest: the token is good for that document only. */
  digest: string;
}

/** Pushes are retried, never stored: a short life is enough and limits a stolen token's use. */
const PUSH_TOKEN_LIFETIME = '5m';

/**
 * The bearer token of a court-to-court push (DESIGN.md: a JWT signed by the
 * sending court's key, registered at the receiving court): EdDSA with this
 * deployment's report-signing key, bound to the document's digest.
 */
export async function signPushToken(key: SigningKey, c: PushClaims, jti: string): Promise<string> {
  return new SignJWT({ digest: c.digest })
    .setProtectedHeader({ alg: 'EdDSA', kid: key.keyId })
    .setIssuer(c.iss)
    .setAudience(c.aud)
    .setSubject(c.sub)
    .setJti(jti)
    .setIssuedAt()
    .setExpirationTime(PUSH_TOKEN_LIFETIME)
    .sign(key.privateKey);
}

/** The peer a token claims to come from (by `iss`, read before verifying: it picks the key). */
export function claimedIssuer(token: string): string | undefined {
  try {
    const part = token.split('.')[1];
    if (!part) return undefined;
    const payload = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as { iss?: unknown };
    return typeof payload.iss === 'string' ? payload.iss : undefined;
  } catch {
    return undefined;
  }
}

/** Verifies a push token with the registered peer's key; throws when it is not the peer's. */
export async function verifyPushToken(
  token: string,
  peer: Peer,
  ownDeployment: string,
): Promise<{ sub: string; digest: string }> {
  const { payload } = await jwtVerify(token, createPublicKey(peer.publicKey), {
    algorithms: ['EdDSA'],
    issuer: peer.id,
    audience: ownDeployment,
    maxTokenAge: PUSH_TOKEN_LIFETIME,
    requiredClaims: ['sub', 'exp', 'iat'],
  });
  if (typeof payload.sub !== 'string' || typeof payload['digest'] !== 'string')
    throw new Error('push token without sub or digest');
  return { sub: payload.sub, digest: payload['digest'] };
}
