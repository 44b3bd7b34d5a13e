import { DEFAULT_COURTS, type CourtHierarchy } from './courts.js';

/** Why a recipient receives a report (R-RP-2). */
export type RoutingReason = 'quarterly' | 'principal-leader' | 'severe';

export interface Recipient {
  kind: 'court' | 'committee';
  code: string;
  /** True when it must go at once rather than with the quarterly report. */
  immediate: boolean;
  reasons: RoutingReason[];
  /**
   * The recipient is the committee whose own principal leader the record
   * involves: by default it gets the report without that record's content
   * (R-RP-2), and the report says so.
   */
  withholdContent?: true;
}

export interface RoutingInput {
  court: string;
  /** The record involves a principal leader of the same-level party committee or its PLC. */
  involvesPrincipalLeader?: boolean;
  /** Severe: may cause a wrongful case or another serious consequence (Art 8). */
  severe?: boolean;
  /**
   * Configuration: send a principal-leader record's content to that leader's own
   * committee all the same. Off by default (R-RP-2).
   */
  principalLeaderContentToOwnCommittee?: boolean;
}

/**
 * Who receives what a court reports (Art 8, R-RP-2):
 * - quarterly: the region's political-legal committee, and level by level up
 *   to the reporting hub (Changchun Intermediate Court);
 * - principal leader involved: also the committee and the court one level up;
 * - severe: immediately, level by level, every court up to the Supreme Court,
 *   and immediately the region's committee (with a principal leader, also the
 *   committee one level up);
 * - a principal leader of the region's own committee: that committee gets no
 *   content of the record unless configured otherwise (`withholdContent`).
 */
export function recipients(input: RoutingInput, courts: CourtHierarchy = DEFAULT_COURTS): Recipient[] {
  const court = courts.get(input.court);
  const above = courts.ancestors(court.code);
  const out = new Map<string, Recipient>();
  const add = (kind: Recipient['kind'], code: string, reason: RoutingReason, immediate: boolean) => {
    const key = `${kind}:${code}`;
    const r = out.get(key);
    if (r) {
      if (!r.reasons.includes(reason)) r.reasons.push(reason);
      r.immediate ||= immediate;
    } else out.set(key, { kind, code, immediate, reasons: [reason] });
  };

  add('committee', court.committee.code, 'quarterly', false);
  if (court.code !== courts.reportingHub && courts.isBelow(court.code, courts.reportingHub)) {
    for (const c of above) {
      add('court', c.code, 'quarterly', false);
      if (c.code === courts.reportingHub) break;
    }
  }
  const parent = above[0];
  if (input.involvesPrincipalLeader && parent) {
    add('committee', parent.committee.code, 'principal-leader', false);
    add('court', parent.code, 'principal-leader', false);
  }
  if (input.severe) {
    for (const c of above) add('court', c.code, 'severe', true);
    add('committee', court.committee.code, 'severe', true);
    if (input.involvesPrincipalLeader && parent) add('committee', parent.committee.code, 'severe', true);
  }
  const own = out.get(`committee:${court.committee.code}`);
  if (own && input.involvesPrincipalLeader && !input.principalLeaderContentToOwnCommittee)
    own.withholdContent = true;
  return [...out.values()];
}
