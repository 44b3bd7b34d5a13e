import type { RunningSystem } from '../system/services.js';
import type { LoadTally } from './steady-load.js';

/** One line of the verdict: what was sent, accepted (201), found after recovery, lost and doubled. */
export interface Count {
  what: string;
  sent: number;
  accepted: number;
  found: number;
  lost: number;
  doubled: number;
}

async function getJson(url: string, token: string, init: RequestInit = {}): Promise<any> {
  const res = await fetch(url, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
    signal: AbortSignal.timeout(30_000),
  });
  const body = await res.json();
  if (!res.ok) throw new Error(`${res.status} ${url}: ${JSON.stringify(body).slice(0, 300)}`);
  return body;
}

/** Every page of a cursor-paged listing. */
async function allPages(url: string, token: string): Promise<any[]> {
  const items: any[] = [];
  for (let cursor: string | null = null; ;) {
    const page = await getJson(
      `${url}${url.includes('?') ? '&' : '?'}limit=200${cursor ? `&cursor=${cursor}` : ''}`,
      token,
    );
    items.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) return items;
  }
}

/** Each record's duties from the deadline monitor (R-DL-1: an entered record has an entry and a copy duty). */
export const DUTIES_OF_A_RECORD = ['copy', 'entry'];

/**
 * Reads back, only through the services' APIs, what the system holds for the
 * load's accepted items: the records in intake, their duties in the deadline
 * monitor, their evidence in evidence storage and in intake's count, their
 * place in the reporting read model (the quarter's report counts them).
 */
export async function countState(
  sys: RunningSystem,
  tally: LoadTally,
  tokens: { handler: string; management: string },
  report: { court: string; quarter: string; before: number },
): Promise<Count[]> {
  const accepted = new Set(tally.records);
  const stored = (await allPages(`${sys.urls.intake}/v1/records`, tokens.handler)).map((r) => r.id as string);
  const storedSet = new Set(stored);
  const records: Count = {
    what: 'records (intake)',
    sent: tally.recordsSent,
    accepted: accepted.size,
    found: tally.records.filter((id) => storedSet.has(id)).length,
    lost: tally.records.filter((id) => !storedSet.has(id)).length,
    // A retry that made a second record, or a record the same id twice.
    doubled: stored.length - storedSet.size + [...storedSet].filter((id) => !accepted.has(id)).length,
  };

  const duties = new Map<string, string[]>();
  for (const o of await allPages(`${sys.urls.deadlines}/v1/obligations?court=JL-CC-NG`, tokens.management)) {
    if (o.recordId) duties.set(o.recordId, [...(duties.get(o.recordId) ?? []), o.kind]);
  }
  const complete = (id: string) => DUTIES_OF_A_RECORD.every((k) => duties.get(id)?.includes(k));
  const obligations: Count = {
    what: 'records with their obligations (deadline monitor)',
    sent: tally.recordsSent,
    accepted: accepted.size,
    found: tally.records.filter(complete).length,
    lost: tally.records.filter((id) => !complete(id)).length,
    doubled: [...duties.values()].filter((kinds) => new Set(kinds).size !== kinds.length).length,
  };

  let evFound = 0;
  let evDoubled = 0;
  let seenByIntake = 0;
  for (const [recordId, ids] of tally.evidence) {
    const items = (await getJson(
      `${sys.urls.evidence}/v1/evidence?recordId=${recordId}`,
      tokens.handler,
    )) as {
      id: string;
    }[];
    if (ids.every((id) => items.some((i) => i.id === id))) evFound++;
    if (items.length > ids.length) evDoubled++;
    const rec = await getJson(`${sys.urls.intake}/v1/records/${recordId}`, tokens.handler);
    if (rec.evidenceCount === ids.length) seenByIntake++;
  }
  const evidence: Count = {
    what: 'evidence (evidence storage)',
    sent: tally.evidenceSent,
    accepted: tally.evidence.size,
    found: evFound,
    lost: tally.evidence.size - evFound,
    doubled: evDoubled,
  };
  const evidenceInIntake: Count = {
    what: "evidence in intake's record (over the bus)",
    sent: tally.evidenceSent,
    accepted: tally.evidence.size,
    found: seenByIntake,
    lost: tally.evidence.size - seenByIntake,
    doubled: 0,
  };

  // The read model's count for the quarter: a provisional report counts every entered record once.
  const snapshot = await getJson(`${sys.urls.reporting}/v1/reports/quarterly`, tokens.management, {
    method: 'POST',
    body: JSON.stringify({ court: report.court, quarter: report.quarter }),
  });
  const counted = (snapshot.totals.records as number) - report.before;
  const readModel: Count = {
    what: 'records in the quarterly report (reporting read model)',
    sent: tally.recordsSent,
    accepted: accepted.size,
    found: Math.min(counted, accepted.size),
    lost: Math.max(0, accepted.size - counted),
    doubled: Math.max(0, counted - accepted.size),
  };
  return [records, obligations, evidence, evidenceInIntake, readModel];
}

/** Prints the counts, one line each, as the issue asks. */
export function printCounts(phase: string, counts: Count[]): void {
  for (const c of counts) {
    process.stdout.write(
      `[faults] ${phase} · ${c.what}: sent ${c.sent}, accepted ${c.accepted}, found ${c.found}, lost ${c.lost}, doubled ${c.doubled}\n`,
    );
  }
}
