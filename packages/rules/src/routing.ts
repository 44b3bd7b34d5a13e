import { DEFAULT_COURTS, type CourtHierarchy } from './courts.js';

/** Why a recipient receives a report (R-RP-2). */
export type RoutingReason = 'quarterly' | 'principal-leader' | 'severe';

export interface Recipient {
  kind: 'court' | 'committee';
  code: string;
  /** True when it must go at once rather than with the quarterly report. */
  immediate: boolean;
  reasons: RoutingReason[];
}

export interface RoutingInput {
  court: string;
  /** The record involves a principal leader of the same-level party committee or its PLC. */
  involvesPrincipalLeader?: boolean;
  /** Severe: may cause a wrongful case or another serious consequence (Art 8). */
  severe?: boolean;
}

/**
 * Who receives what a court reports (Art 8, R-RP-2):
 * - quarterly: the region's political-legal committee, and level by level up
 *   to the reporting hub (Changchun Intermediate Court);
 * - principal leader involved: also the committee and the court one level up;
 * - severe: immediately, level by level, every court up to the Supreme Court.
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
  if (input.severe) for (const c of above) add('court', c.code, 'severe', true);
  return [...out.values()];
}
