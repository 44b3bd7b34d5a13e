import type { Kysely } from 'kysely';
import type { z } from 'zod';
import {
  newId,
  reportGenerated,
  type quarterlyReportBodySchema,
  type reportListQuerySchema,
} from '@jir/contracts';
import { can, quarterBounds, type CourtHierarchy } from '@jir/rules';
import { problem, UnitOfWork, type AuthenticatedActor, type Clock } from '@jir/service-kit';
import type { ReportingDB } from '../db/schema.js';
import { buildSnapshot, type ReportSnapshot } from './report-builder.js';
import {
  canonicalJson,
  canonicalTextDigest,
  snapshotDigest,
  signDigest,
  verifyDigest,
  type SigningKey,
} from './report-signing.js';
import {
  findReport,
  insertReport,
  listReports,
  beginConsistentGeneration,
  nextVersion,
} from './reports.repository.js';

/** A stored report as the API answers it: the snapshot, its digest and signature. */
export type StoredReport = ReportSnapshot & { digest: string; signature: string; keyId: string };

export interface ReportsDeps {
  db: Kysely<ReportingDB>;
  clock: Clock;
  courts: CourtHierarchy;
  key: SigningKey;
  relay?: { wake(): void };
  zeroRunQuarters: number;
  principalLeaderContentToOwnCommittee?: boolean;
}

const toStored = (r: {
  snapshot: unknown;
  digest: string;
  signature: string;
  key_id: string;
}): StoredReport => ({
  ...(r.snapshot as ReportSnapshot),
  digest: r.digest,
  signature: r.signature,
  keyId: r.key_id,
});

/** Quarterly report snapshots: generated, frozen, signed, listed and verified (R-RP-1, R-RP-4, R-BX-4). */
export class ReportsService {
  private readonly uow: UnitOfWork<ReportingDB>;
  constructor(private readonly deps: ReportsDeps) {
    this.uow = new UnitOfWork<ReportingDB>({ db: deps.db, clock: deps.clock, relay: deps.relay });
  }

  /**
   * A new version of the court's report for the quarter. A quarter in progress
   * is allowed and marked provisional; a quarter with nothing recorded gives
   * a zero report; a quarter not yet begun is refused.
   */
  async generate(
    actor: AuthenticatedActor,
    body: z.output<typeof quarterlyReportBodySchema>,
  ): Promise<StoredReport> {
    if (
      !this.deps.courts.has(body.court) ||
      !can(actor, 'reporting', { kind: 'report', court: body.court }, this.deps.courts)
    )
      throw problem('forbidden');
    const { start, end } = quarterBounds(body.quarter);
    if (this.deps.clock.now() < start)
      throw problem({
        status: 409,
        code: 'quarter-not-started',
        message: { zh: '该季度尚未开始', en: 'this quarter has not begun' },
      });
    return this.uow.run(async (w) => {
      await beginConsistentGeneration(w.trx);
      const header = {
        id: newId(),
        court: body.court,
        quarter: body.quarter,
        version: await nextVersion(w.trx, body.court, body.quarter),
        provisional: w.now < end,
        generatedAt: w.now.toISOString(),
        generatedBy: actor.sub,
      };
      const snapshot = await buildSnapshot(w.trx, this.deps.courts, header, {
        zeroRunQuarters: this.deps.zeroRunQuarters,
        principalLeaderContentToOwnCommittee: this.deps.principalLeaderContentToOwnCommittee ?? false,
      });
      const snapshotJson = canonicalJson(snapshot);
      const digest = canonicalTextDigest(snapshotJson);
      const signature = signDigest(this.deps.key, digest);
      await insertReport(w.trx, {
        ...header,
        snapshotJson,
        digest,
        signature,
        keyId: this.deps.key.keyId,
        generatedAt: w.now,
      });
      await w.emit(reportGenerated, {
        court: header.court,
        aggregateId: header.id,
        actor: { sub: actor.sub, kind: 'user' },
        data: { reportId: header.id, quarter: header.quarter, sha256: digest },
      });
      return { ...snapshot, digest, signature, keyId: this.deps.key.keyId };
    });
  }

  /** One stored version; another court's report the actor may not see is "not found" (R-AC-2). */
  async get(actor: AuthenticatedActor, id: string): Promise<StoredReport> {
    const row = await findReport(this.deps.db, id);
    if (!row || !can(actor, 'viewing', { kind: 'report', court: row.court }, this.deps.courts))
      throw problem('not-found');
    return toStored(row);
  }

  /** Versions the actor may see: their own court's and, where granted, lower courts'. */
  async list(actor: AuthenticatedActor, q: z.output<typeof reportListQuerySchema>) {
    const courts = this.deps.courts.courts
      .map((c) => c.code)
      .filter(
        (c) =>
          (q.court === undefined || c === q.court) &&
          can(actor, 'viewing', { kind: 'report', court: c }, this.deps.courts),
      );
    const rows = await listReports(this.deps.db, { courts, quarter: q.quarter });
    return {
      items: rows.map((r) => ({
        id: r.id,
        court: r.court,
        quarter: r.quarter,
        version: r.version,
        provisional: (r.snapshot as ReportSnapshot).provisional,
        generatedAt: new Date(r.generated_at).toISOString(),
        digest: r.digest,
      })),
    };
  }

  /**
   * Checks the stored snapshot against its digest and signature, and
   * recomputes it from the read model as known at its generation: a record
   * amended, added or removed behind the report's back shows as a mismatch.
   */
  async verify(actor: AuthenticatedActor, id: string) {
    const report = await this.get(actor, id);
    const { digest, signature, keyId: _keyId, ...snapshot } = report;
    const header = {
      id: snapshot.id,
      court: snapshot.court,
      quarter: snapshot.quarter,
      version: snapshot.version,
      provisional: snapshot.provisional,
      generatedAt: snapshot.generatedAt,
      generatedBy: snapshot.generatedBy,
    };
    // One snapshot of the read model for all the builder's reads, as at generation.
    const recomputed = snapshotDigest(
      await this.deps.db
        .transaction()
        .setIsolationLevel('repeatable read')
        .execute((trx) =>
          buildSnapshot(trx, this.deps.courts, header, {
            zeroRunQuarters: this.deps.zeroRunQuarters,
            principalLeaderContentToOwnCommittee: this.deps.principalLeaderContentToOwnCommittee ?? false,
          }),
        ),
    );
    return {
      reportId: id,
      digest,
      digestMatches: snapshotDigest(snapshot) === digest,
      signatureValid: verifyDigest(this.deps.key.publicKey, digest, signature),
      matchesReadModel: recomputed === digest,
      recomputedDigest: recomputed,
    };
  }
}
