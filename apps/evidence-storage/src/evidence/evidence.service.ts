import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import { evidenceStored, newId } from '@jir/contracts';
import { archivePlacement, can, type Form } from '@jir/rules';
import {
  ProblemError,
  UnitOfWork,
  problem,
  type AuthenticatedActor,
  type Clock,
  type Logger,
  type OutboxRelay,
} from '@jir/service-kit';
import type { EvidenceDB } from '../db/schema.js';
import { recordIntegrityFailure } from '../integrity/integrity-failure.js';
import { INTEGRITY_JOB_ACTOR } from '../integrity/integrity.job.js';
import { recordCheckPassed } from '../integrity/integrity.repository.js';
import {
  StoreUnavailableError,
  isStoreDown,
  verifyStoredObject,
  type IntegrityProblem,
} from '../integrity/object-check.js';
import type { AbandonedUploads } from '../store/abandoned-uploads.js';
import { RetentionNotAppliedError, type ObjectStore } from '../store/object-store.js';
import {
  appendCustody,
  courtsWithEvidence,
  custodyOf,
  evidenceToCheck,
  findEvidenceWithRecord,
  findKnownRecord,
  insertEvidence,
  listEvidenceOfRecord,
  objectKeysOfCourt,
  setArchive,
  type NewEvidence,
} from './evidence.repository.js';
import { DigestThreads } from './digest-threads.js';
import { storeStreamed, type StoredFile } from './streamed-upload.js';
import { DEFAULT_DOWNLOAD_BUFFER_MB, DEFAULT_UPLOAD_SLOTS, TransferBuffers } from './transfer-buffers.js';
import {
  DigestVerifier,
  UploadStreamError,
  detectMediaType,
  isAllowedMediaType,
  peek,
  safeFileName,
} from './upload-pipeline.js';

/**
 * The hashing threads of every upload and download in this process: two, whatever the number
 * of services or uploads. Exported for the tests that kill one as a crash would.
 */
export const digestThreads = new DigestThreads();

const storeUnavailable = () =>
  problem({
    status: 503,
    code: 'store-unavailable',
    message: { zh: '证据存储暂时不可用', en: 'evidence storage is unavailable' },
  });

export interface UploadInput {
  size: number;
  fileName: string | undefined;
  expectedSha256: string | undefined;
  /** The body, already behind the route's idle guard. */
  body: Readable;
  /** True once the client has gone away mid-body. */
  aborted: () => boolean;
  /** True once the body stream itself failed (a malformed multipart form, say). */
  bodyFailed?: () => boolean;
  /** Aborts once the client has gone or the body failed: a wait for a part buffer ends with it. */
  signal?: AbortSignal;
}

/** A record an upload may be stored under: known here, and the actor may store evidence of it. */
export type AdmittedRecord = NonNullable<Awaited<ReturnType<typeof findKnownRecord>>>;

/**
 * Evidence files: streamed through to write-once storage with digests
 * computed on the way; metadata commits only after the store confirmed the
 * object; every upload, download, archive move and check is in the chain of
 * custody (R-EV-1..5).
 */
export class EvidenceService {
  private readonly uow: UnitOfWork<EvidenceDB>;

  constructor(
    private readonly deps: {
      db: Kysely<EvidenceDB>;
      store: ObjectStore;
      clock: Clock;
      relay?: OutboxRelay;
      maxBytes: number;
      recordWaitMs?: number;
      logger?: Logger;
      abandoned?: AbandonedUploads;
      /** Uploads streamed at once (DEFAULT_UPLOAD_SLOTS unless given): what the part buffers are sized for. */
      uploadSlots?: number;
      /** Bytes whole-file downloads share for hashing segments (DEFAULT_DOWNLOAD_BUFFER_MB unless given). */
      downloadBufferBytes?: number;
    },
  ) {
    this.buffers = new TransferBuffers({
      partSize: deps.store.partSize,
      uploadSlots: deps.uploadSlots ?? DEFAULT_UPLOAD_SLOTS,
      downloadBytes: deps.downloadBufferBytes ?? DEFAULT_DOWNLOAD_BUFFER_MB * 1024 * 1024,
    });
    this.uow = new UnitOfWork<EvidenceDB>({ db: deps.db, clock: deps.clock, relay: deps.relay });
    digestThreads.start();
  }

  /** The capped buffers of this service's transfers (their bound: see TransferBuffers); the routes take their slot count. */
  readonly buffers: TransferBuffers;

  /**
   * The record an upload names. Its event may still be on its way from intake
   * (the handler uploads right after creating it), so wait briefly, then say so.
   */
  private async knownRecord(recordId: string) {
    const deadline = Date.now() + (this.deps.recordWaitMs ?? 3000);
    for (;;) {
      const r = await findKnownRecord(this.deps.db, recordId);
      if (r || Date.now() > deadline) return r;
      await new Promise((res) => setTimeout(res, 50));
    }
  }

  private resource(r: { court: string; handler: string; division: string | null }) {
    return {
      kind: 'evidence' as const,
      court: r.court,
      handler: r.handler,
      division: r.division ?? undefined,
    };
  }

  /**
   * Whether the actor may upload to this record, decided before any of the body
   * is read or an upload slot is taken (R-NF-3): a caller without the right, or
   * naming a record not known here, holds nothing.
   */
  async admitUpload(actor: AuthenticatedActor, recordId: string): Promise<AdmittedRecord> {
    const record = await this.knownRecord(recordId);
    if (!record)
      throw problem({
        status: 409,
        code: 'record-unknown',
        message: {
          zh: '系统尚未收到该记录，请稍后重试',
          en: 'this record is not known here yet; retry shortly',
        },
        extra: { retryAfterSeconds: 2 },
      });
    const res = this.resource(record);
    if (!can(actor, 'viewing', res)) throw problem('not-found');
    if (!can(actor, 'storage', res)) throw problem('forbidden');
    return record;
  }

  /** Refuses sizes that can never be stored, before anything is read. */
  checkSize(size: number): void {
    if (size === 0)
      throw problem({
        status: 422,
        code: 'empty-file',
        message: { zh: '文件为空', en: 'the file is empty' },
      });
    if (size > this.deps.maxBytes)
      throw problem({
        status: 413,
        code: 'file-too-large',
        message: {
          zh: `文件超过上限 ${this.deps.maxBytes} 字节`,
          en: `the file exceeds the limit of ${this.deps.maxBytes} bytes`,
        },
      });
  }

  /**
   * Streams the body to the store under an admitted record, then commits the
   * row, its 'uploaded' custody entry (the digests the integrity check holds
   * the row to) and the stored event in one unit of work; with an
   * Idempotency-Key the answer commits with them.
   */
  async upload(actor: AuthenticatedActor, record: AdmittedRecord, input: UploadInput) {
    this.checkSize(input.size);
    const id = newId();
    const key = `${record.court}/${record.record_id}/${id}`;
    let stored: StoredFile & { mediaType: string };
    let putStarted = false;
    try {
      // The body may have failed while the record was looked up: reading it would wait forever.
      if (input.body.errored) throw input.body.errored;
      const { head, stream } = await peek(input.body);
      const mediaType = await detectMediaType(head);
      if (!isAllowedMediaType(mediaType)) {
        throw problem({
          status: 415,
          code: 'media-type-not-allowed',
          message: {
            zh: `不接受的证据类型：${mediaType}`,
            en: `evidence of type ${mediaType} is not accepted`,
          },
          extra: { detected: mediaType },
        });
      }
      putStarted = true;
      const file = await storeStreamed({
        store: this.deps.store,
        digests: digestThreads,
        parts: this.buffers.parts,
        ...(input.signal ? { signal: input.signal } : {}),
        key,
        mediaType,
        now: this.deps.clock.now(),
        body: stream,
        size: input.size,
        expectedSha256: input.expectedSha256,
      });
      stored = { ...file, mediaType };
    } catch (e) {
      // A multipart upload begun for this key stays open in the store unless aborted: its
      // parts would be kept for good, seen by no one (the abandoner retries while the store is down).
      // Not awaited: a store that hangs rather than refuses must not hold back this answer.
      if (putStarted) void this.deps.abandoned?.abandon(key);
      throw this.uploadFailure(e, input, key);
    }
    const answer = await this.uow.run(async (w) => {
      const row: NewEvidence = {
        id,
        record_id: record.record_id,
        court: record.court,
        object_key: key,
        version_id: stored.versionId,
        size: input.size,
        media_type: stored.mediaType,
        sha256: stored.sha256,
        sm3: stored.sm3,
        file_name: safeFileName(input.fileName),
        uploaded_by: actor.sub,
        uploaded_at: w.now,
        archive_volume: null,
        archive_destination: null,
      };
      await insertEvidence(w.trx, row);
      await appendCustody(w.trx, {
        evidenceId: id,
        action: 'uploaded',
        actor: actor.sub,
        at: w.now,
        detail: { size: row.size, sha256: row.sha256, sm3: row.sm3, versionId: row.version_id },
      });
      await w.emit(evidenceStored, {
        court: record.court,
        aggregateId: id,
        actor: { sub: actor.sub, kind: 'user' },
        data: {
          evidenceId: id,
          recordId: record.record_id,
          size: row.size,
          mediaType: row.media_type,
          sha256: row.sha256,
          sm3: row.sm3,
          uploadedBy: actor.sub,
          uploadedAt: w.now.toISOString(),
        },
      });
      return this.view(row);
    });
    return answer;
  }

  /** What a failed upload answers: every stream error a clear 4xx, the store's troubles a 503. */
  private uploadFailure(e: unknown, input: UploadInput, key: string): unknown {
    if (e instanceof ProblemError) return e;
    if (e instanceof UploadStreamError && e.code === 'upload-idle')
      return problem({
        status: 408,
        code: 'upload-idle',
        message: {
          zh: '上传停滞超时，未保存任何内容',
          en: 'the upload sent nothing for too long; nothing was stored',
        },
      });
    if (input.aborted()) {
      this.deps.logger?.info({ key }, 'client aborted an upload; nothing stored');
      return problem({
        status: 400,
        code: 'upload-truncated',
        message: { zh: '上传中断，未保存任何内容', en: 'the upload was cut off; nothing was stored' },
      });
    }
    if (e instanceof UploadStreamError) {
      return problem({
        status: e.code === 'digest-mismatch' ? 422 : 400,
        code: e.code,
        message: {
          zh:
            e.code === 'digest-mismatch'
              ? '文件摘要与客户端提供的不一致，未保存'
              : '实际长度与 Content-Length 不符，未保存',
          en: `${e.message}; nothing was stored`,
        },
      });
    }
    if (input.bodyFailed?.())
      return problem({
        status: 400,
        code: 'malformed-body',
        message: { zh: '上传内容格式有误，未保存', en: 'the upload body is malformed; nothing was stored' },
      });
    if (e instanceof RetentionNotAppliedError) {
      // The store confirmed a version it did not lock: not evidence. Alert, record nothing.
      this.deps.logger?.error(
        { key, found: e.found, alert: 'evidence-retention-not-applied' },
        'the store did not lock an uploaded version (not recorded as stored)',
      );
      return problem({
        status: 503,
        code: 'retention-not-applied',
        message: {
          zh: '对象存储未按要求锁定该文件（不可删除的保留期），未记录为已保存，请联系技术部门',
          en: 'the store did not lock this file (COMPLIANCE retention in the future); it was not recorded as stored; contact IT',
        },
      });
    }
    if (isStoreDown(e)) {
      // A request the store took in but did not answer in time (answer-deadline.ts) may still have
      // left a locked version at this key that no row names: the key is logged, and the court's
      // reconciliation lists it among the objects without metadata. Hence "not recorded", not
      // "nothing stored".
      this.deps.logger?.warn(
        { key, err: (e as Error).message },
        'the store failed during an upload; not recorded as stored (the key may hold an object without a row)',
      );
      return problem({
        status: 503,
        code: 'store-unavailable',
        message: {
          zh: '证据存储暂时不可用，文件未记录为已保存，请稍后重试',
          en: 'evidence storage is unavailable; the file was not recorded as stored, retry later',
        },
      });
    }
    return e;
  }

  private view(r: NewEvidence) {
    return {
      id: r.id,
      recordId: r.record_id,
      size: Number(r.size),
      mediaType: r.media_type,
      sha256: r.sha256,
      sm3: r.sm3,
      fileName: r.file_name,
      uploadedBy: r.uploaded_by,
      uploadedAt: r.uploaded_at.toISOString(),
      archive:
        r.archive_volume || r.archive_destination
          ? { volume: r.archive_volume, destination: r.archive_destination }
          : null,
    };
  }

  /** The evidence row and its record, if the actor may see them (404 otherwise). */
  private async visible(actor: AuthenticatedActor, id: string) {
    const row = await findEvidenceWithRecord(this.deps.db, id);
    if (!row || !can(actor, 'viewing', this.resource(row))) throw problem('not-found');
    return row;
  }

  async get(actor: AuthenticatedActor, id: string) {
    const row = await this.visible(actor, id);
    const custody = await custodyOf(this.deps.db, id);
    return {
      ...this.view(row),
      custody: custody.map((c) => ({
        action: c.action,
        actor: c.actor,
        at: c.at.toISOString(),
        detail: c.detail,
      })),
    };
  }

  async list(actor: AuthenticatedActor, recordId: string) {
    const record = await findKnownRecord(this.deps.db, recordId);
    if (!record || !can(actor, 'viewing', this.resource(record))) throw problem('not-found');
    const rows = await listEvidenceOfRecord(this.deps.db, recordId);
    return rows.map((r) => this.view(r));
  }

  /** The metadata a HEAD answers with: no bytes leave, so nothing enters the chain of custody. */
  async head(actor: AuthenticatedActor, id: string) {
    const row = await this.visible(actor, id);
    return {
      size: Number(row.size),
      mediaType: row.media_type,
      fileName: row.file_name,
      sha256: row.sha256,
    };
  }

  /**
   * Opens the content for download; the download is in the chain of custody before a byte leaves.
   * A whole file is verified against both recorded digests as it streams. A range is not (its
   * digest is not known, and the object would have to be read whole to check it): the periodic
   * integrity check, which re-reads every stored version, is what guards ranged reads.
   */
  async open(
    actor: AuthenticatedActor,
    id: string,
    range: { start: number; end: number } | null,
    address: string,
  ) {
    const row = await this.visible(actor, id);
    const size = Number(row.size);
    if (range && (range.start >= size || range.end < range.start)) {
      throw problem({
        status: 416,
        code: 'range-not-satisfiable',
        message: { zh: '请求的范围超出文件大小', en: 'the requested range is outside the file' },
        extra: { size },
      });
    }
    const r = range ? { start: range.start, end: Math.min(range.end, size - 1) } : null;
    await appendCustody(this.deps.db, {
      evidenceId: id,
      action: 'downloaded',
      actor: actor.sub,
      at: this.deps.clock.now(),
      detail: { range: r, address },
    });
    let stream: Readable;
    try {
      // The version recorded at upload, never whatever is latest at the key (a forged
      // version or a delete marker there changes nothing).
      stream = await this.deps.store.get(
        row.object_key,
        row.version_id,
        r ? { offset: r.start, length: r.end - r.start + 1 } : undefined,
      );
    } catch (e) {
      if (isStoreDown(e)) throw storeUnavailable();
      await this.recordIntegrityFailure(row, 'missing-object', { sub: actor.sub });
      throw problem({
        status: 502,
        code: 'evidence-object-missing',
        message: {
          zh: '存储中找不到该证据文件，已报告完整性问题',
          en: 'the stored file is missing; an integrity failure was reported',
        },
      });
    }
    // A whole-file download is verified as it streams; the caller aborts on a mismatch.
    const verifier = r
      ? null
      : new DigestVerifier({ sha256: row.sha256, sm3: row.sm3 }, digestThreads, this.buffers.segments);
    return {
      stream: verifier ? stream.pipe(verifier) : stream,
      source: stream,
      verifier,
      reportMismatch: () => this.recordIntegrityFailure(row, 'digest-mismatch', { sub: actor.sub }),
      size,
      range: r,
      mediaType: row.media_type,
      fileName: row.file_name,
      sha256: row.sha256,
    };
  }

  /**
   * R-EV-4: written materials go to the case's secondary volume (副卷), decided per file when
   * the archiver says (else by the record's form), an exempt opinion's to the main volume, and
   * their volume cannot be overridden; for anything else the destination (去向) is recorded.
   */
  async archive(
    actor: AuthenticatedActor,
    id: string,
    body: { destination?: string; writtenMaterial?: boolean },
  ) {
    const row = await this.visible(actor, id);
    if (!can(actor, 'storage', this.resource(row))) throw problem('forbidden');
    if (row.archive_volume || row.archive_destination)
      throw problem({
        status: 409,
        code: 'already-archived',
        message: { zh: '已归档', en: 'already archived' },
      });
    const placed = archivePlacement({
      subject: row.kind,
      form: row.kind === 'record' ? (row.form as Form) : undefined,
      writtenMaterial: body.writtenMaterial,
      destination: body.destination,
    });
    if (placed.kind === 'refused') {
      const message = { zh: placed.zh, en: placed.en };
      throw problem({
        status: 422,
        code: placed.code,
        message,
        errors: [{ path: placed.field, code: placed.code, message }],
      });
    }
    const set =
      placed.kind === 'volume'
        ? { archive_volume: placed.volume, archive_destination: placed.destination }
        : { archive_volume: null, archive_destination: placed.destination };
    await this.uow.run(async (w) => {
      await setArchive(w.trx, id, set);
      await appendCustody(w.trx, {
        evidenceId: id,
        action: 'archived',
        actor: actor.sub,
        at: w.now,
        // Whether the archiver called it written material is part of the file's history.
        detail: {
          ...set,
          ...(body.writtenMaterial !== undefined ? { writtenMaterial: body.writtenMaterial } : {}),
        },
      });
    });
    return this.get(actor, id);
  }

  /** An integrity failure, recorded and published (R-EV-3); see recordIntegrityFailure. */
  private async recordIntegrityFailure(
    r: { id: string; court: string; record_id: string },
    problemFound: IntegrityProblem,
    actor: { sub: string },
    wake = true,
  ) {
    await recordIntegrityFailure(
      { db: this.deps.db, clock: this.deps.clock, logger: this.deps.logger },
      r,
      problemFound,
      actor,
    );
    if (wake) this.deps.relay?.wake();
  }

  /** The periodic job: every court's evidence re-read, as the system itself (R-EV-3). */
  async checkAllCourts(): Promise<{ court: string; checked: number; failures: number }[]> {
    const out = [];
    for (const court of await courtsWithEvidence(this.deps.db)) {
      const r = await this.checkIntegrity({ sub: INTEGRITY_JOB_ACTOR, court });
      out.push({ court, checked: r.checked, failures: r.failures.length });
    }
    return out;
  }

  /**
   * Compares the bucket with the metadata: objects without a row (an upload
   * whose metadata commit failed after the store confirmed it) and rows
   * without an object. Reports; it never deletes (R-EV-3).
   */
  async reconcile(actor: { court: string }) {
    const rows = await objectKeysOfCourt(this.deps.db, actor.court);
    const keys = new Set(rows.map((r) => r.object_key));
    const inStore = new Set<string>();
    const listing = this.deps.store.client.listObjectsV2(this.deps.store.bucket, `${actor.court}/`, true);
    for await (const o of listing as AsyncIterable<{ name?: string }>) if (o.name) inStore.add(o.name);
    return {
      objects: inStore.size,
      rows: rows.length,
      objectsWithoutMetadata: [...inStore].filter((k) => !keys.has(k)).sort(),
      metadataWithoutObject: rows
        .filter((r) => !inStore.has(r.object_key))
        .map((r) => r.id)
        .sort(),
    };
  }

  /**
   * Re-reads objects and recomputes both digests (R-EV-3), holding each row to
   * its upload's custody entry too; a mismatch or a missing object is
   * recorded, reported and published.
   */
  async checkIntegrity(actor: { sub: string; court: string }, opts: { ids?: string[] } = {}) {
    const rows = await evidenceToCheck(this.deps.db, actor.court, opts.ids);
    const failures: { id: string; problem: 'digest-mismatch' | 'missing-object' }[] = [];
    for (const r of rows) {
      let problemFound: IntegrityProblem | null;
      try {
        problemFound = await verifyStoredObject(this.deps.store, r);
      } catch (e) {
        if (e instanceof StoreUnavailableError) throw storeUnavailable();
        throw e;
      }
      if (problemFound) {
        await this.recordIntegrityFailure(r, problemFound, actor, false);
        failures.push({ id: r.id, problem: problemFound });
      } else await recordCheckPassed(this.deps.db, r.id, actor.sub, this.deps.clock.now());
    }
    this.deps.relay?.wake();
    return { checked: rows.length, failures };
  }
}
