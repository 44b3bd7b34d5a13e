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

/**
 * Art 12 (R-AB-2): a court holding a complaint may pass it one level up, never skipping one,
 * up to the Supreme People's Court; null when it is already there.
 */
export function complaintEscalation(
  holdingCourt: string,
  courts: CourtHierarchy = DEFAULT_COURTS,
): { court: string; committee: string } | null {
  const parent = courts.ancestors(holdingCourt)[0];
  return parent ? { court: parent.code, committee: parent.committee.code } : null;
}

/** The courts of the city a court belongs to: its intermediate court and every court below that (R-AB-1). */
export function courtsOfTheCity(court: string, courts: CourtHierarchy = DEFAULT_COURTS): string[] {
  const self = courts.get(court);
  const city =
    self.level === 'intermediate' ? self : courts.ancestors(court).find((c) => c.level === 'intermediate');
  // Above the intermediate level there is no city: the court counts alone.
  if (!city) return [court];
  return courts.courts
    .filter((c) => c.code === city.code || courts.isBelow(c.code, city.code))
    .map((c) => c.code);
}

/** Days within which a court that receives a complaint reports it to its committee (Art 12: 及时), unless configured. */
export const DEFAULT_COMPLAINT_REPORT_DAYS = 5;
