import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { waitFor } from '@jir/testing';
import type { RunningSystem } from '../system/services.js';
import { countState, printCounts, type Count } from './system-state.js';

/** A 1×1 PNG: the evidence every other record gets. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** What the load sent and what the system answered with 201. */
export interface LoadTally {
  recordsSent: number;
  /** Record ids answered 201, in order. */
  records: string[];
  evidenceSent: number;
  /** Record id → evidence ids answered 201 for it. */
  evidence: Map<string, string[]>;
  /** Answers that were neither 201 nor worth a retry: each one is a defect the test reports. */
  refused: string[];
}

// Worth retrying with the same Idempotency-Key: the service is away (connection refused or cut,
// 5xx), busy (429), the key's first attempt still in flight (409 in-progress), or the evidence
// service has not yet heard of the record from the bus.
const RETRYABLE = new Set([408, 409, 425, 429, 500, 502, 503, 504]);

/**
 * Record creation and evidence uploads as a court's clients would send them
 * while services, the bus, the database and the store fail underneath:
 * every request carries an Idempotency-Key and is retried with the same key
 * until it gets a final answer, so an accepted item is accepted exactly once
 * even when its first answer was lost in a crash.
 */
export class SteadyLoad {
  readonly tally: LoadTally = {
    recordsSent: 0,
    records: [],
    evidenceSent: 0,
    evidence: new Map(),
    refused: [],
  };
  private stopping = false;
  private clients: Promise<void>[] = [];
  // Uploads run beside record creation, so that a record's client never waits on its evidence.
  private uploads: Promise<void>[] = [];

  constructor(
    private readonly sys: RunningSystem,
    private readonly token: string,
    private readonly receivedAt: string,
  ) {}

  start(clients = 2): void {
    this.clients = Array.from({ length: clients }, (_, n) => this.client(n));
  }

  /** Lets each client finish the item it is on (retrying until answered), then returns. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.clients);
    await Promise.all(this.uploads);
  }

  private async client(n: number): Promise<void> {
    for (let i = 0; !this.stopping; i++) {
      this.tally.recordsSent++;
      const rec = await this.untilAnswered(`${this.sys.urls.intake}/v1/records`, 'application/json', () =>
        JSON.stringify({
          caseNumber: `(2026)吉0102民初${10_000 + n * 1000 + (i % 1000)}号`,
          stage: 'trial',
          form: 'telephone',
          // A call is spoken (R-RC-3): where it was taken, and that nobody else was there.
          place: '办公室（接听电话）',
          noOtherPersonPresent: true,
          receivedAt: this.receivedAt,
          communicatedAt: this.receivedAt,
          interferer: {
            name: '压力测试人',
            unit: '某市某局',
            position: '局长',
            unitType: 'administrative-organ',
            kind: 'leading-cadre',
          },
          content: `来电过问 ${n}-${i}`,
          enter: true,
        }),
      );
      if (!rec) continue;
      this.tally.records.push(rec['id'] as string);
      if (i % 2 === 0 && this.inFlight < 4) this.uploads.push(this.upload(rec['id'] as string));
      // A steady pace, not a flood: the faults are what is tested here, not throughput.
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  private inFlight = 0;

  private async upload(recordId: string): Promise<void> {
    this.tally.evidenceSent++;
    this.inFlight++;
    const ev = await this.untilAnswered(
      `${this.sys.urls.evidence}/v1/evidence?recordId=${recordId}`,
      'application/octet-stream',
      () => PNG,
      { 'x-file-name': encodeURIComponent('通话录音截图.png') },
    );
    this.inFlight--;
    if (ev) this.tally.evidence.set(recordId, [ev['id'] as string]);
  }

  private async untilAnswered(
    url: string,
    type: string,
    body: () => string | Buffer,
    headers: Record<string, string> = {},
  ): Promise<Record<string, unknown> | undefined> {
    const key = randomUUID();
    const give_up = Date.now() + 120_000;
    for (;;) {
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${this.token}`,
            'content-type': type,
            'idempotency-key': key,
            ...headers,
          },
          body: body(),
          signal: AbortSignal.timeout(15_000),
        });
        const text = await res.text();
        if (res.status === 201) return JSON.parse(text) as Record<string, unknown>;
        if (!RETRYABLE.has(res.status) || Date.now() > give_up) {
          this.tally.refused.push(`${res.status} ${url}: ${text.slice(0, 300)}`);
          return undefined;
        }
      } catch (e) {
        // Connection refused or cut by the fault: the outcome is unknown, the same key settles it.
        if (Date.now() > give_up) {
          this.tally.refused.push(`${(e as Error).message} ${url}`);
          return undefined;
        }
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** A steady load running on a system, the tokens its verdict reads with, and its records' quarter. */
export interface LoadRun {
  load: SteadyLoad;
  handler: string;
  management: string;
  quarter: string;
}

/**
 * Starts the fault tests' steady load on a running system: `clients` clients creating records
 * (received an hour ago, Beijing time, so that they fall in the current quarter) and their
 * evidence as the fixture handler.
 */
export async function startSteadyLoad(sys: RunningSystem, clients = 2): Promise<LoadRun> {
  const receivedAt = new Date(Date.now() - 3_600_000);
  const beijing = new Date(receivedAt.getTime() + 8 * 3_600_000);
  const quarter = `${beijing.getUTCFullYear()}-Q${Math.floor(beijing.getUTCMonth() / 3) + 1}`;
  const handler = await sys.token();
  const management = await sys.token({ sub: 'tm-1', roles: ['trial-management'] });
  const load = new SteadyLoad(sys, handler, receivedAt.toISOString());
  load.start(clients);
  return { load, handler, management, quarter };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Lets the load run on for `ms`, so that work is in flight when a fault strikes and after it, and
 * requires records to be accepted again within `timeoutMs`: a load that stalled proves nothing (a
 * client may first have to see its request to a crashed service time out). 45 s: in a CI run at a
 * load of 20 on 2 cores, four services restarted at once after the bus lost its store took longer
 * than 20 s to accept a record again; a system that never recovers still fails here.
 */
export async function underLoad(load: SteadyLoad, ms = 1000, timeoutMs = 45_000): Promise<void> {
  const before = load.tally.records.length;
  await sleep(ms);
  await waitFor(() => load.tally.records.length > before || undefined, {
    timeoutMs,
    what: 'records accepted again',
  });
}

/**
 * The verdict after the faults: stops the load, requires no refusal and at least `minRecords`
 * records, waits up to 90 s for events still travelling, prints the counts under `phase` (then
 * whatever `beforeJudging` prints), and requires every accepted item found exactly once.
 */
export async function judgeLoad(
  sys: RunningSystem,
  run: LoadRun,
  opts: { phase: string; minRecords: number; beforeJudging?: () => Promise<void> },
): Promise<void> {
  await run.load.stop();
  const tally = run.load.tally;
  expect(tally.refused).toEqual([]);
  expect(tally.records.length).toBeGreaterThanOrEqual(opts.minRecords);
  const read = () => countState(sys, tally, run, { court: 'JL-CC-NG', quarter: run.quarter, before: 0 });
  let counts: Count[] = await read();
  const deadline = Date.now() + 90_000;
  // Events still travelling settle within seconds; wait for them, then judge.
  while (counts.some((c) => c.lost > 0) && Date.now() < deadline) {
    await sleep(2000);
    counts = await read();
  }
  printCounts(opts.phase, counts);
  await opts.beforeJudging?.();
  for (const c of counts) {
    expect({ what: c.what, lost: c.lost, doubled: c.doubled }).toEqual({ what: c.what, lost: 0, doubled: 0 });
    expect(c.found).toBe(c.accepted);
  }
  expect(counts[0]!.accepted).toBe(counts[0]!.sent);
}
