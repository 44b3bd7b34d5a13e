// Loads the demo data set through the services' own HTTP APIs, as court staff would enter it:
// never by writing a database. Safe to run again: records are looked up by case number before
// they are created, every creating request carries an Idempotency-Key, and each later step
// (evidence, entry, confirmations, copy, materials' hops, the report) checks what is done first.
import { demoMaterials, demoRecords, previousQuarter, type DemoRecord } from './demo-data.js';
import { demoPdf, demoPng } from './demo-files.js';

/** Where the four services answer. */
export interface DemoUrls {
  intake: string;
  evidence: string;
  deadlines: string;
  reporting: string;
}

/** The claims of a token the loader asks for: one per person it acts as. */
export interface DemoActor {
  sub: string;
  court: string;
  roles: string[];
  division?: string;
}

/** What one load did: items created now beside items found already there. */
export interface DemoSummary {
  records: { created: number; existing: number };
  evidence: { stored: number; existing: number };
  confirmations: number;
  copies: { delivered: number; acknowledged: number };
  materials: { received: number; hops: number };
  report: { quarter: string; generated: boolean; deliveries: number; acknowledged: number };
  /** Steps a service refused: printed, never hidden. */
  problems: string[];
}

// Answers are read loosely here: the services validate against @jir/contracts, the loader only walks them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

class Api {
  private tokens = new Map<string, Promise<string>>();
  constructor(private readonly sign: (a: DemoActor) => Promise<string>) {}

  private token(a: DemoActor): Promise<string> {
    const k = JSON.stringify(a);
    if (!this.tokens.has(k)) this.tokens.set(k, this.sign(a));
    return this.tokens.get(k)!;
  }

  async call(
    as: DemoActor,
    method: string,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: Json }> {
    const raw = Buffer.isBuffer(body);
    const res = await fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${await this.token(as)}`,
        ...(body === undefined
          ? {}
          : { 'content-type': raw ? 'application/octet-stream' : 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: raw ? (body as Buffer) : JSON.stringify(body) }),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Json) : {} };
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Midnight of today in Beijing: every demo time is stated from it, so the same day gives the same data. */
export function demoAnchor(now = new Date()): Date {
  const b = new Date(now.getTime() + 8 * 3_600_000);
  return new Date(Date.UTC(b.getUTCFullYear(), b.getUTCMonth(), b.getUTCDate()) - 8 * 3_600_000);
}

/**
 * Loads the demo data set into running services. `sign` mints a token for
 * each person the loader acts as (the local development key for `npm start
 * -- --demo`, the test's key in tests).
 */
export async function loadDemo(
  urls: DemoUrls,
  sign: (a: DemoActor) => Promise<string>,
  now = new Date(),
): Promise<DemoSummary> {
  const api = new Api(sign);
  const anchor = demoAnchor(now);
  const day = anchor.toISOString().slice(0, 10);
  const s: DemoSummary = {
    records: { created: 0, existing: 0 },
    evidence: { stored: 0, existing: 0 },
    confirmations: 0,
    copies: { delivered: 0, acknowledged: 0 },
    materials: { received: 0, hops: 0 },
    report: { quarter: previousQuarter(anchor).label, generated: false, deliveries: 0, acknowledged: 0 },
    problems: [],
  };
  const problem = (what: string, r: { status: number; body: Json }) =>
    s.problems.push(
      `${what}: ${r.status} ${r.body['code'] ?? ''} ${JSON.stringify(r.body['errors'] ?? r.body['message'] ?? r.body).slice(0, 300)}`,
    );

  for (const item of demoRecords(anchor)) await loadRecord(api, urls, item, day, s, problem);
  for (const m of demoMaterials(anchor)) await loadMaterial(api, urls, m, day, s, problem);
  await loadQuarterReport(api, urls, 'JL-CC-NG', s, problem);
  return s;
}

async function loadRecord(
  api: Api,
  urls: DemoUrls,
  item: DemoRecord,
  day: string,
  s: DemoSummary,
  problem: (what: string, r: { status: number; body: Json }) => void,
): Promise<void> {
  const handler: DemoActor = {
    sub: item.handler,
    court: item.court,
    roles: ['case-handler'],
    division: item.division,
  };
  const caseNumber = item.body['caseNumber'] as string;
  const found = await api.call(
    handler,
    'GET',
    `${urls.intake}/v1/records?caseNumber=${encodeURIComponent(caseNumber)}&limit=10`,
  );
  let id = (found.body['items'] as Json[] | undefined)?.[0]?.['id'] as string | undefined;
  if (id) s.records.existing++;
  else {
    const r = await api.call(handler, 'POST', `${urls.intake}/v1/records`, item.body, {
      'idempotency-key': `demo-${day}-${item.key}`,
    });
    if (r.status !== 201) return problem(`record ${item.key}`, r);
    id = r.body['id'] as string;
    s.records.created++;
  }
  let rec = (await api.call(handler, 'GET', `${urls.intake}/v1/records/${id}`)).body;

  if (item.evidence) {
    if (rec['evidenceCount'] > 0) s.evidence.existing++;
    else {
      const file = item.evidence === 'pdf' ? demoPdf(caseNumber) : demoPng();
      const name = item.evidence === 'pdf' ? '来函扫描件.pdf' : '聊天截图.png';
      // The evidence service learns of the record from intake's event: retry until it has.
      for (let attempt = 0; ; attempt++) {
        const up = await api.call(handler, 'POST', `${urls.evidence}/v1/evidence?recordId=${id}`, file, {
          'x-file-name': encodeURIComponent(name),
          'idempotency-key': `demo-${day}-${item.key}-evidence`,
        });
        if (up.status === 201) break;
        if (attempt > 40) return problem(`evidence of ${item.key}`, up);
        await sleep(250);
      }
      s.evidence.stored++;
      for (let i = 0; i < 80 && !(rec['evidenceCount'] > 0); i++) {
        await sleep(250);
        rec = (await api.call(handler, 'GET', `${urls.intake}/v1/records/${id}`)).body;
      }
    }
  }
  if (rec['state'] === 'draft' && !item.leaveDraft) {
    const e = await api.call(handler, 'POST', `${urls.intake}/v1/records/${id}/enter`);
    if (e.status !== 200) return problem(`entering ${item.key}`, e);
    rec = e.body;
  }
  for (const staffId of (rec['confirmations']?.['missing'] as string[] | undefined) ?? []) {
    const c = await api.call(
      { sub: staffId, court: item.court, roles: ['case-handler'], division: item.division },
      'POST',
      `${urls.intake}/v1/records/${id}/confirmations`,
    );
    if (c.status === 200) s.confirmations++;
    else problem(`confirmation of ${item.key} by ${staffId}`, c);
  }
  if (item.deliverCopy && rec['state'] === 'entered') {
    if (!rec['copyDeliveredAt']) {
      const d = await api.call(handler, 'POST', `${urls.intake}/v1/records/${id}/copy-delivery`);
      if (d.status !== 200) return problem(`copy of ${item.key}`, d);
      s.copies.delivered++;
    }
    if (!rec['copyAcknowledgedAt']) {
      const tm: DemoActor = {
        sub: `${item.court.toLowerCase()}-tm-1`,
        court: item.court,
        roles: ['trial-management'],
        division: 'tm',
      };
      const a = await api.call(tm, 'POST', `${urls.intake}/v1/records/${id}/copy-delivery/acknowledge`);
      if (a.status !== 200) return problem(`acknowledging the copy of ${item.key}`, a);
      s.copies.acknowledged++;
    }
  }
}

/** The id of materials the clerk already registered for this case from this sender, if any. */
async function findMaterial(
  api: Api,
  urls: DemoUrls,
  clerk: DemoActor,
  receipt: ReturnType<typeof demoMaterials>[number]['receipt'],
): Promise<string | undefined> {
  for (let cursor: string | null = null; ;) {
    const page = await api.call(
      clerk,
      'GET',
      `${urls.intake}/v1/materials?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    const items = (page.body['items'] as Json[] | undefined) ?? [];
    const found = items.find(
      (x) => x['caseNumber'] === receipt.caseNumber && x['sender']?.['name'] === receipt.sender.name,
    );
    if (found) return found['id'] as string;
    cursor = (page.body['nextCursor'] as string | null | undefined) ?? null;
    if (!cursor) return undefined;
  }
}

async function loadMaterial(
  api: Api,
  urls: DemoUrls,
  m: ReturnType<typeof demoMaterials>[number],
  day: string,
  s: DemoSummary,
  problem: (what: string, r: { status: number; body: Json }) => void,
): Promise<void> {
  const p = m.people;
  const clerk: DemoActor = { sub: p.clerk, court: m.court, roles: ['receiving-clerk'], division: 'office' };
  const tm: DemoActor = { sub: p.tm, court: m.court, roles: ['trial-management'], division: 'tm' };
  // Found by case number and sender first, as records are: the receipt's time (and so its
  // Idempotency-Key) follows the day of loading, and a load on a later day must not add a second set.
  let id = await findMaterial(api, urls, clerk, m.receipt);
  if (!id) {
    const r = await api.call(clerk, 'POST', `${urls.intake}/v1/materials`, m.receipt, {
      'idempotency-key': `demo-${day}-${m.key}`,
    });
    if (r.status !== 201) return problem(`materials ${m.key}`, r);
    id = r.body['id'] as string;
  }
  let mat = (await api.call(tm, 'GET', `${urls.intake}/v1/materials/${id}`)).body;
  if (mat['nextHop'] === 'registration') s.materials.received++;
  if (!mat['filingNumber']) {
    const f = await api.call(tm, 'POST', `${urls.intake}/v1/materials/${id}/filing`, {
      trialDepartment: 'civil-1',
      departmentReceiver: p.departmentReceiver,
      vicePresident: p.vicePresident,
      divisionHead: p.divisionHead,
      handler: p.handler,
    });
    if (f.status !== 200) return problem(`filing ${m.key}`, f);
    mat = f.body;
  }
  // Level by level: each holder passes to the next named on the filing form (R-TR-3).
  const chain: [DemoActor, string, string][] = [
    [tm, 'trial-department', p.departmentReceiver],
    [
      { sub: p.departmentReceiver, court: m.court, roles: [], division: 'civil-1' },
      'vice-president',
      p.vicePresident,
    ],
    [
      { sub: p.vicePresident, court: m.court, roles: ['vice-president'], division: 'leaders' },
      'division-head',
      p.divisionHead,
    ],
    [
      { sub: p.divisionHead, court: m.court, roles: ['division-head'], division: 'civil-1' },
      'case-handler',
      p.handler,
    ],
  ];
  for (const [as, hop, to] of chain) {
    if (mat['nextHop'] !== hop) continue;
    const t = await api.call(as, 'POST', `${urls.intake}/v1/materials/${id}/transfers`, { hop, to });
    if (t.status !== 200) return problem(`${m.key} to ${hop}`, t);
    mat = t.body;
    s.materials.hops++;
  }
}

async function loadQuarterReport(
  api: Api,
  urls: DemoUrls,
  court: string,
  s: DemoSummary,
  problem: (what: string, r: { status: number; body: Json }) => void,
): Promise<void> {
  const quarter = s.report.quarter;
  const tm: DemoActor = {
    sub: `${court.toLowerCase()}-tm-1`,
    court,
    roles: ['trial-management'],
    division: 'tm',
  };
  const listed = await api.call(tm, 'GET', `${urls.reporting}/v1/reports?court=${court}&quarter=${quarter}`);
  let report = (listed.body['items'] as Json[] | undefined)?.[0];
  if (!report) {
    // The read model fills from intake's events: give the past quarter's entries time to arrive.
    await sleep(3000);
    const g = await api.call(tm, 'POST', `${urls.reporting}/v1/reports/quarterly`, { court, quarter });
    if (g.status !== 201 && g.status !== 200) return problem(`report ${court} ${quarter}`, g);
    report = g.body;
    s.report.generated = true;
  }
  const id = report['id'] as string;
  const existing = await api.call(tm, 'GET', `${urls.reporting}/v1/deliveries?reportId=${id}`);
  let deliveries = (existing.body['items'] as Json[] | undefined) ?? [];
  if (existing.status === 200 && deliveries.length === 0) {
    const sent = await api.call(tm, 'POST', `${urls.reporting}/v1/reports/${id}/send`, undefined, {
      'idempotency-key': `demo-send-${id}`,
    });
    if (sent.status !== 202) return problem(`sending report ${id}`, sent);
    deliveries = sent.body['items'] as Json[];
  } else if (existing.status !== 200) return problem('deliveries', existing);
  s.report.deliveries = deliveries.length;
  // Committees take the report by hand: record who handed it over (R-RP-2).
  for (const d of deliveries.filter((x) => x['status'] === 'awaiting-handover')) {
    const h = await api.call(tm, 'POST', `${urls.reporting}/v1/deliveries/${d['id']}/handover`, {
      deliveredBy: tm.sub,
      deliveredAt: new Date().toISOString(),
      method: 'confidential-mail',
      note: '机要交换',
    });
    if (h.status >= 300) problem(`handover to ${d['recipient']}`, h);
  }
  // The receiving courts of this deployment acknowledge what reached their inbox.
  for (const d of deliveries.filter((x) => x['recipientKind'] === 'court')) {
    const recipient = d['recipient'] as string;
    const rtm: DemoActor = {
      sub: `${recipient.toLowerCase()}-tm-1`,
      court: recipient,
      roles: ['trial-management'],
      division: 'tm',
    };
    for (let i = 0; i < 40; i++) {
      const inbox = await api.call(
        rtm,
        'GET',
        `${urls.reporting}/v1/inbox?recipient=${recipient}&quarter=${quarter}`,
      );
      const item = (inbox.body['items'] as Json[] | undefined)?.find((x) => x['documentId'] === id);
      if (item) {
        const a = await api.call(rtm, 'POST', `${urls.reporting}/v1/inbox/${id}/${recipient}/acknowledge`);
        if (a.status >= 300) problem(`acknowledgement by ${recipient}`, a);
        else s.report.acknowledged++;
        break;
      }
      await sleep(250);
    }
  }
}
