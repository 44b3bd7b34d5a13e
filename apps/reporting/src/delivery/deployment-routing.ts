import type { CourtHierarchy } from '@jir/rules';
import type { Peer } from '../config.js';

/** This deployment as routing sees it: its id, the courts it serves, its peers. */
export interface Deployment {
  id: string;
  courts: ReadonlySet<string>;
  peers: readonly Peer[];
}

/** The deployment from configuration; with no DEPLOYMENT_COURTS it serves every configured court. */
export function deploymentOf(
  c: { DEPLOYMENT_ID: string; DEPLOYMENT_COURTS: string[] | undefined; PEERS: Peer[] },
  courts: CourtHierarchy,
): Deployment {
  return {
    id: c.DEPLOYMENT_ID,
    courts: new Set(c.DEPLOYMENT_COURTS ?? courts.courts.map((x) => x.code)),
    peers: c.PEERS,
  };
}

/**
 * How a recipient is reached (R-RP-3): a committee by hand (it is outside the
 * system), a court served here through its inbox, any other court through the
 * peer deployment that serves it; 'none' when no peer is configured for it.
 */
export function channelFor(
  d: Deployment,
  r: { kind: 'court' | 'committee'; code: string },
): { channel: 'inbox' | 'peer' | 'committee' | 'none'; peer: string | null } {
  if (r.kind === 'committee') return { channel: 'committee', peer: null };
  if (d.courts.has(r.code)) return { channel: 'inbox', peer: null };
  const peer = d.peers.find((p) => p.courts.includes(r.code));
  return peer ? { channel: 'peer', peer: peer.id } : { channel: 'none', peer: null };
}
