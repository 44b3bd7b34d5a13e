import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Kysely } from 'kysely';
import { evidenceStored, newId } from '@jir/contracts';
import { WRITTEN_FORMS, can, type Form } from '@jir/rules';
import {
  ProblemError,
  emitEvent,
  problem,
  refusal,
  type AuthenticatedActor,
  type Clock,
  type Logger,
  type OutboxRelay,
} from '@jir/service-kit';
import type { Selectable } from 'kysely';
import type { EvidenceDB, EvidenceTables } from '../db/schema.js';
import { recordIntegrityFailure } from '../integrity/integrity-failure.js';
import { INTEGRITY_JOB_ACTOR } from '../integrity/integrity.job.js';
import { recordCheckPassed } from '../integrity/integrity.repository.js';
import {
  StoreUnavailableError,
  isStoreDown,
  verifyStoredObject,
  type IntegrityProblem,
} from '../integrity/object-check.js';
import { RetentionNotAppliedError, type ObjectStore } from '../store/object-store.js';
import {
  DigestVerifier,
  DigestingCounter,
  IdleGuard,
  UploadStreamError,
  detectMediaType,
  isAllowedMediaType,
  peek,
  safeFileName,
} from './upload-pipeline.js';

export interface UploadInput {
  recordId: string;
  size: number;
  fileName: string | undefined;
  expectedSha256: string | undefined;
  body: Readable;
  /** True once the client has gone away mid-body. */
  aborted: () => boolean;
  /** True once the body stream itself failed (a malformed multipart form, say). */
  bodyFailed?: () => boolean;
}

/**
 * Evidence files: streamed through to write-once storage with digests
 * computed on the way; metadata commits only after the store confirmed the
 * object; every upload, download, archive move and check is in the chain of
 * custody (R-EV-1..5).
 */
export class EvidenceService {
  constructor(
    private readonly deps: {
      db: Kysely<EvidenceDB>;
      store: ObjectStore;
      clock: Clock;
      relay?: OutboxRelay;
      maxBytes: number;
      recordWaitMs?: number;
      /** Milliseconds an upload body may send nothing before it fails (default 30 s). */
      idleTimeoutMs?: number;
      logger?: Logger;
    },
  ) {}

  /**
   * The record an upload names. Its event may still be on its way from intake
   * (the handler uploads right after creating it), so wait briefly, then say so.
   */
  private async knownRecord(recordId: string) {
    const deadline = Date.now() + (this.deps.recordWaitMs ?? 3000);
    for (;;) {
      const r = await this.deps.db
        .selectFrom('known_records')
        .selectAll()
        .where('record_id', '=', recordId)
        .executeTakeFirst();
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

  async upload(actor: AuthenticatedActor, input: UploadInput) {
    if (input.size === 0) throw refusal(422, 'empty-file', '文件为空', 'the file is empty');
    if (input.size > this.deps.maxBytes)
      throw refusal(
        413,
        'file-too-large',
        `文件超过上限 ${this.deps.maxBytes} 字节`,
        `the file exceeds the limit of ${this.deps.maxBytes} bytes`,
      );
    const record = await this.knownRecord(input.recordId);
    if (!record) {
      throw refusal(
        409,
        'record-unknown',
        '系统尚未收到该记录，请稍后重试',
        'this record is not known here yet; retry shortly',
        { retryAfterSeconds: 2 },
      );
    }
    const res = this.resource(record);
    if (!can(actor, 'viewing', res)) throw problem('not-found');
    if (!can(actor, 'storage', res)) throw problem('forbidden');

    // The body passes an idle guard first: a client that stops sending fails the upload.
    // (pipe, not pipeline: a guard that gives up must leave the request open for the answer.)
    const guard = new IdleGuard(this.deps.idleTimeoutMs ?? 30_000);
    // The body may have failed while the record was looked up: piping it would wait forever.
    if (input.body.errored) guard.destroy(input.body.errored);
    else {
      input.body.on('error', (e) => guard.destroy(e));
      input.body.pipe(guard);
    }
    const id = newId();
    const key = `${record.court}/${record.record_id}/${id}`;
    let stored: { versionId: string | null; mediaType: string };
    let counter: DigestingCounter;
    try {
      const { head, stream } = await peek(guard);
      const mediaType = await detectMediaType(head);
      if (!isAllowedMediaType(mediaType)) {
        throw refusal(
          415,
          'media-type-not-allowed',
          `不接受的证据类型：${mediaType}`,
          `evidence of type ${mediaType} is not accepted`,
          { detected: mediaType },
        );
      }
      counter = new DigestingCounter({ size: input.size, sha256: input.expectedSha256 });
      const put = this.deps.store.put(key, counter, input.size, mediaType, this.deps.clock.now());
      await Promise.all([pipeline(stream, counter), put]);
      stored = { versionId: (await put).versionId, mediaType };
    } catch (e) {
      guard.stop();
      throw this.uploadFailure(e, input, key);
    }
    const now = this.deps.clock.now();
    const row = {
      id,
      record_id: record.record_id,
      court: record.court,
      object_key: key,
      version_id: stored.versionId,
      size: input.size,
      media_type: stored.mediaType,
      sha256: counter.sha256,
      sm3: counter.sm3,
      file_name: safeFileName(input.fileName),
      uploaded_by: actor.sub,
      uploaded_at: now,
      archive_volume: null,
      archive_destination: null,
    };
    await this.deps.db.transaction().execute(async (trx) => {
      await trx.insertInto('evidence').values(row).execute();
      await trx
        .insertInto('custody_events')
        .values({
          evidence_id: id,
          action: 'uploaded',
          actor: actor.sub,
          at: now,
          detail: JSON.stringify({ size: row.size, sha256: row.sha256 }),
        })
        .execute();
      await emitEvent(trx, evidenceStored, {
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
          uploadedAt: now.toISOString(),
        },
        occurredAt: now,
      });
    });
    this.deps.relay?.wake();
    return this.view(row);
  }

  /** What a failed upload answers: every stream error a clear 4xx, the store's troubles a 503. */
  private uploadFailure(e: unknown, input: UploadInput, key: string): unknown {
    if (e instanceof ProblemError) return e;
    if (e instanceof UploadStreamError && e.code === 'upload-idle')
      return refusal(
        408,
        'upload-idle',
        '上传停滞超时，未保存任何内容',
        'the upload sent nothing for too long; nothing was stored',
      );
    if (input.aborted()) {
      this.deps.logger?.info({ key }, 'client aborted an upload; nothing stored');
      return refusal(
        400,
        'upload-truncated',
        '上传中断，未保存任何内容',
        'the upload was cut off; nothing was stored',
      );
    }
    if (e instanceof UploadStreamError) {
      return refusal(
        e.code === 'digest-mismatch' ? 422 : 400,
        e.code,
        e.code === 'digest-mismatch'
          ? '文件摘要与客户端提供的不一致，未保存'
          : '实际长度与 Content-Length 不符，未保存',
        `${e.message}; nothing was stored`,
      );
    }
    if (input.bodyFailed?.())
      return refusal(
        400,
        'malformed-body',
        '上传内容格式有误，未保存',
        'the upload body is malformed; nothing was stored',
      );
    if (e instanceof RetentionNotAppliedError) {
      // The store confirmed a version it did not lock: not evidence. Alert, record nothing.
      this.deps.logger?.error(
        { key, found: e.found, alert: 'evidence-retention-not-applied' },
        'the store did not lock an uploaded version (not recorded as stored)',
      );
      return refusal(
        503,
        'retention-not-applied',
        '对象存储未按要求锁定该文件（不可删除的保留期），未记录为已保存，请联系技术部门',
        'the store did not lock this file (COMPLIANCE retention in the future); it was not recorded as stored; contact IT',
      );
    }
    if (isStoreDown(e))
      return refusal(
        503,
        'store-unavailable',
        '证据存储暂时不可用，未保存，请稍后重试',
        'evidence storage is unavailable; nothing was stored, retry later',
      );
    return e;
  }

  private view(r: Omit<Selectable<EvidenceTables['evidence']>, 'next_check_at'>) {
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
    const row = await this.deps.db
      .selectFrom('evidence as e')
      .innerJoin('known_records as r', 'r.record_id', 'e.record_id')
      .selectAll('e')
      .select(['r.handler', 'r.division', 'r.form', 'r.kind'])
      .where('e.id', '=', id)
      .executeTakeFirst();
    if (!row || !can(actor, 'viewing', this.resource(row))) throw problem('not-found');
    return row;
  }

  async get(actor: AuthenticatedActor, id: string) {
    const row = await this.visible(actor, id);
    const custody = await this.deps.db
      .selectFrom('custody_events')
      .selectAll()
      .where('evidence_id', '=', id)
      .orderBy('id')
      .execute();
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
    const record = await this.deps.db
      .selectFrom('known_records')
      .selectAll()
      .where('record_id', '=', recordId)
      .executeTakeFirst();
    if (!record || !can(actor, 'viewing', this.resource(record))) throw problem('not-found');
    const rows = await this.deps.db
      .selectFrom('evidence')
      .selectAll()
      .where('record_id', '=', recordId)
      .orderBy('id')
      .execute();
    return rows.map((r) => this.view(r));
  }

  /** Opens the content for download; the download is in the chain of custody before a byte leaves. */
  async open(
    actor: AuthenticatedActor,
    id: string,
    range: { start: number; end: number } | null,
    address: string,
  ) {
    const row = await this.visible(actor, id);
    const size = Number(row.size);
    if (range && (range.start >= size || range.end < range.start)) {
      throw refusal(
        416,
        'range-not-satisfiable',
        '请求的范围超出文件大小',
        'the requested range is outside the file',
        { size },
      );
    }
    const r = range ? { start: range.start, end: Math.min(range.end, size - 1) } : null;
    await this.deps.db
      .insertInto('custody_events')
      .values({
        evidence_id: id,
        action: 'downloaded',
        actor: actor.sub,
        at: this.deps.clock.now(),
        detail: JSON.stringify({ range: r, address }),
      })
      .execute();
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
      if (isStoreDown(e))
        throw refusal(503, 'store-unavailable', '证据存储暂时不可用', 'evidence storage is unavailable');
      await this.recordIntegrityFailure(row, 'missing-object', { sub: actor.sub });
      throw refusal(
        502,
        'evidence-object-missing',
        '存储中找不到该证据文件，已报告完整性问题',
        'the stored file is missing; an integrity failure was reported',
      );
    }
    // A whole-file download is verified as it streams; the caller aborts on a mismatch.
    const verifier = r ? null : new DigestVerifier({ sha256: row.sha256, sm3: row.sm3 });
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
   * R-EV-4: written materials go to the case's secondary volume (副卷); for
   * anything else the archive destination (去向) is recorded.
   */
  async archive(actor: AuthenticatedActor, id: string, destination: string | undefined) {
    const row = await this.visible(actor, id);
    if (!can(actor, 'storage', this.resource(row))) throw problem('forbidden');
    if (row.archive_volume || row.archive_destination)
      throw refusal(409, 'already-archived', '已归档', 'already archived');
    // Exempt opinions' materials go to the main volume (正卷, Art 6), written materials to the
    // secondary volume (副卷, Art 5); for anything else the destination (去向) is recorded.
    const written = WRITTEN_FORMS.includes(row.form as Form);
    if (row.kind !== 'exempt-opinion' && !written && !destination) {
      throw new ProblemError({
        status: 422,
        code: 'destination-required',
        message: {
          zh: '非书面材料归档时应注明去向',
          en: 'non-written materials need their archive destination',
        },
        errors: [
          {
            path: 'destination',
            code: 'destination-required',
            message: { zh: '请填写去向', en: 'destination is required' },
          },
        ],
      });
    }
    const set =
      row.kind === 'exempt-opinion'
        ? { archive_volume: 'main' as const, archive_destination: destination ?? '案件正卷' }
        : written
          ? { archive_volume: 'secondary' as const, archive_destination: destination ?? '案件副卷' }
          : { archive_volume: null, archive_destination: destination! };
    const now = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (trx) => {
      await trx.updateTable('evidence').set(set).where('id', '=', id).execute();
      await trx
        .insertInto('custody_events')
        .values({
          evidence_id: id,
          action: 'archived',
          actor: actor.sub,
          at: now,
          detail: JSON.stringify(set),
        })
        .execute();
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
    const courts = await this.deps.db.selectFrom('evidence').select('court').distinct().execute();
    const out = [];
    for (const { court } of courts) {
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
    const rows = await this.deps.db
      .selectFrom('evidence')
      .select(['id', 'object_key'])
      .where('court', '=', actor.court)
      .execute();
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
   * Re-reads objects and recomputes both digests (R-EV-3); a mismatch or a
   * missing object is recorded, reported and published.
   */
  async checkIntegrity(actor: { sub: string; court: string }, opts: { ids?: string[] } = {}) {
    let q = this.deps.db.selectFrom('evidence').selectAll().where('court', '=', actor.court);
    if (opts.ids?.length) q = q.where('id', 'in', opts.ids);
    const rows = await q.orderBy('id').execute();
    const failures: { id: string; problem: 'digest-mismatch' | 'missing-object' }[] = [];
    for (const r of rows) {
      let problemFound: IntegrityProblem | null;
      try {
        problemFound = await verifyStoredObject(this.deps.store, r);
      } catch (e) {
        if (e instanceof StoreUnavailableError)
          throw refusal(503, 'store-unavailable', '证据存储暂时不可用', 'evidence storage is unavailable');
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
