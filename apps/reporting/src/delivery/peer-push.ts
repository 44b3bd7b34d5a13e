import { problem } from '@jir/service-kit';
import type { Peer } from '../config.js';
import type { SigningKey } from '../reports/report-signing.js';
import type { Deployment } from './deployment-routing.js';
import { claimedIssuer, signPushToken, verifyPushToken, type PushClaims } from './peer-token.js';

/**
 * A court-to-court call to the peer deployment `to.peer`, with a token
 * signed by this deployment for the sending court and the document's digest
 * (`jti`: the row pushed); answers the body's text, and throws on anything
 * but 2xx, or for a peer no longer configured, so that the caller's worker
 * retries it.
 */
export async function pushToPeer(
  from: { key: SigningKey; deployment: Deployment; pushTimeoutMs?: number | undefined },
  to: { peer: string | null; jti: string } & Pick<PushClaims, 'sub' | 'digest'>,
  path: string,
  body: unknown,
): Promise<string> {
  const peer = from.deployment.peers.find((p) => p.id === to.peer);
  if (!peer) throw new Error(`peer ${to.peer} is no longer configured`);
  const token = await signPushToken(
    from.key,
    { iss: from.deployment.id, aud: peer.id, sub: to.sub, digest: to.digest },
    to.jti,
  );
  const res = await fetch(new URL(path, peer.url.endsWith('/') ? peer.url : `${peer.url}/`), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(from.pushTimeoutMs ?? 15_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`peer ${peer.id} answered ${res.status}: ${text.slice(0, 300)}`);
  return text;
}

/**
 * The registered peer a court-to-court call comes from and what its token
 * asserts: the bearer token must verify against that peer's key, for this
 * deployment. Anything else is refused as unauthenticated (401), without
 * saying which check failed.
 */
export async function authenticatedPeer(
  authorization: string | undefined,
  deployment: Deployment,
): Promise<{ peer: Peer; claims: { sub: string; digest: string } }> {
  const unauthenticated = () =>
    problem({
      status: 401,
      code: 'unauthenticated',
      message: { zh: '推送未经对端部署认证', en: 'the push is not authenticated by a known peer' },
    });
  const token = /^Bearer (\S+)$/i.exec(authorization ?? '')?.[1];
  if (!token) throw unauthenticated();
  const peer = deployment.peers.find((p) => p.id === claimedIssuer(token));
  if (!peer) throw unauthenticated();
  try {
    return { peer, claims: await verifyPushToken(token, peer, deployment.id) };
  } catch {
    throw unauthenticated();
  }
}
