import type { Kysely, RawBuilder, Transaction } from 'kysely';
import { systemClock, type Clock } from '../clock.js';
import type { Logger } from '../logger.js';

/** What a claim or a batch sees: the injected clock's time, and how many rows to take at most. */
export interface ClaimContext {
  /** `clock.now()` when the pass began: rows due at or before it are due. */
  now: Date;
  limit: number;
}

/**
 * Claims rows inside the worker's transaction, normally with
 * `FOR UPDATE SKIP LOCKED` so that several workers split the rows instead of
 * waiting for each other. Either a kysely callback returning the rows, or a
 * `sql` template the worker executes.
 */
export type Claim<DB, Row> = (
  trx: Transaction<DB>,
  ctx: ClaimContext,
) => Promise<readonly Row[]> | RawBuilder<Row>;

/** Options of a {@link ClaimWorker}. */
export interface ClaimWorkerOptions<DB, Row> {
  /** Shown in logs and as the background job's name. */
  name: string;
  db: Kysely<DB>;
  logger: Logger;
  /** Decides what is due; a ManualClock makes the worker's schedule testable. */
  clock?: Clock;
  claim: Claim<DB, Row>;
  /**
   * Does the work on what was claimed. With `lockWhileProcessing` (the
   * default) it runs inside the claiming transaction, so the rows stay locked
   * until it commits and an error rolls everything back; otherwise the claim
   * commits first (the claim must then mark its rows, a lease, so no other
   * worker takes them) and `db` is the plain database.
   */
  process: (rows: readonly Row[], db: Kysely<DB>, ctx: ClaimContext) => Promise<void>;
  /** False for long work (reading a large object): rows are leased by the claim, not held locked. */
  lockWhileProcessing?: boolean;
  /** Rows per claim (default 100). A full batch is followed at once by the next claim. */
  batchSize?: number;
  /** Wait between passes when nothing (or less than a batch) was due; `wake()` cuts it short. */
  idleMs?: number;
  /**
   * Passes that may run at once (default 1), each on its own connection; with `FOR UPDATE SKIP
   * LOCKED` a second pass takes only what the first did not claim. A `wake()` while one pass is
   * busy starts an idle one at once instead of waiting for the busy one to finish: for latency
   * (the outbox relay, where a pass's tail, its mark and commit, would delay the next event).
   */
  concurrency?: number;
  /** Backoff after failures: `baseMs · 2^(n−1)`, at most `maxMs` (defaults 100 ms and 30 s). */
  backoff?: { baseMs?: number; maxMs?: number };
}

/**
 * A background worker that claims due rows, processes them and repeats: the
 * one way to do claimed background work (outbox relay, audit sealer, integrity
 * checks, deadlines). Several instances may run on one database; each row is
 * processed by one of them at a time. A failing pass backs off exponentially
 * (capped) and is logged once per streak of failures, not once per attempt.
 * Implements the kit's BackgroundJob shape ({ name, stop() }).
 */
export class ClaimWorker<DB, Row> {
  /** The background job's name (for shutdown and logs). */
  readonly name: string;
  private running = false;
  private loops: Promise<void>[] = [];
  /** The loops waiting between passes; a wake starts the first of them. */
  private sleepers: (() => void)[] = [];
  /** A wake that no idle loop took: the next pass to begin answers it. */
  private woken = false;
  private failures = 0;
  private readonly log: Logger;
  private readonly clock: Clock;

  constructor(private readonly o: ClaimWorkerOptions<DB, Row>) {
    this.name = o.name;
    this.clock = o.clock ?? systemClock;
    this.log = o.logger.child({ module: 'claim-worker', worker: o.name });
  }

  /** Starts the loop (once); the first pass runs at once. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loops = Array.from({ length: Math.max(1, this.o.concurrency ?? 1) }, () => this.run());
  }

  /** Cuts an idle or backoff wait short (or asks the busy pass for another): call after committing new work. */
  wake(): void {
    const sleeper = this.sleepers.shift();
    if (sleeper) sleeper();
    else this.woken = true;
  }

  /** Stops taking new rows and waits for the batches in hand; what is unclaimed stays for the next start. */
  async stop(): Promise<void> {
    this.running = false;
    for (const sleeper of this.sleepers.splice(0)) sleeper();
    await Promise.all(this.loops);
    this.loops = [];
  }

  /** Consecutive failed passes so far (0 when the last pass succeeded). */
  get failureStreak(): number {
    return this.failures;
  }

  /**
   * One claim → process pass, outside the loop (tests, on-demand runs);
   * returns how many rows were claimed. Errors propagate to the caller.
   */
  async runOnce(): Promise<number> {
    const limit = this.o.batchSize ?? 100;
    const ctx: ClaimContext = { now: this.clock.now(), limit };
    const hold = this.o.lockWhileProcessing ?? true;
    let rows: readonly Row[] = [];
    await this.o.db.transaction().execute(async (trx) => {
      const claimed = this.o.claim(trx, ctx);
      rows = 'execute' in claimed ? (await claimed.execute(trx)).rows : await claimed;
      if (hold && rows.length) await this.o.process(rows, trx, ctx);
    });
    if (!hold && rows.length) await this.o.process(rows, this.o.db, ctx);
    return rows.length;
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.woken = false;
      let claimed = 0;
      try {
        claimed = await this.runOnce();
        if (this.failures) this.log.info({ failures: this.failures }, 'recovered');
        this.failures = 0;
      } catch (e) {
        this.failures++;
        // Once per streak: a store or bus outage would otherwise log every attempt.
        if (this.failures === 1) this.log.warn({ err: (e as Error).message }, 'pass failed; backing off');
      }
      if (!this.running) break;
      if (!this.failures && claimed >= (this.o.batchSize ?? 100)) continue;
      if (this.woken && !this.failures) continue;
      await this.sleep(this.failures ? this.backoffMs() : (this.o.idleMs ?? 1_000));
    }
  }

  /** The wait after the current streak of failures. */
  backoffMs(): number {
    const base = this.o.backoff?.baseMs ?? 100;
    const max = this.o.backoff?.maxMs ?? 30_000;
    return Math.min(base * 2 ** Math.min(this.failures - 1, 30), max);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(t);
        const i = this.sleepers.indexOf(done);
        if (i >= 0) this.sleepers.splice(i, 1);
        resolve();
      };
      const t = setTimeout(done, ms);
      this.sleepers.push(done);
    });
  }
}
