import { DEFAULT_COURTS, type CourtHierarchy } from './courts.js';

/**
 * Art 12 (R-AB-2): a complaint of obstruction or retaliation goes to the court
 * one level up, which reports to its own political-legal committee and may
 * escalate to the Supreme People's Court.
 */
export function complaintRoute(
  court: string,
  courts: CourtHierarchy = DEFAULT_COURTS,
): { receivingCourt: string; reportsTo: string; mayEscalateTo: string | null } {
  const parent = courts.ancestors(court)[0];
  if (!parent) throw new RangeError(`${court} has no court above it to complain to`);
  const supreme = courts.ancestors(parent.code).at(-1)?.code ?? null;
  return { receivingCourt: parent.code, reportsTo: parent.committee.code, mayEscalateTo: supreme };
}

/** R-RP-3: a deployment accepts a report only from a court below it. */
export function mayReceiveReport(
  receiver: string,
  sender: string,
  courts: CourtHierarchy = DEFAULT_COURTS,
): boolean {
  return courts.has(receiver) && courts.has(sender) && courts.isBelow(sender, receiver);
}
