import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { Client } from 'minio';
import type { OpenUpload } from './abandoned-uploads.js';
import { isStoreDown } from '../integrity/object-check.js';
import { transportWithAnswerDeadline } from './answer-deadline.js';
import { defaultPeriodDays, retainUntilFor } from './retention.js';

export interface ObjectStoreOptions {
  endpoint: string;
  accessKey: string;
  secretKey: string;
  bucket: string;
  partSizeBytes: number;
  retentionYears: number;
  /** The latest retain-until date the store keeps correctly (see retention.ts). */
  retainUntilMax: Date;
  mode: 'worm' | 'dev-non-worm';
  /** How long a request may go without the store answering (answer-deadline.ts); 60 s unless said. */
  requestTimeoutMs?: number;
}

/** Thrown at start when the store cannot keep evidence write-once and that was not explicitly accepted. */
export class NotWormError extends Error {
  constructor(bucket: string, why: string) {
    super(
      `对象存储桶 ${bucket} 不能保证证据永久不可篡改（${why}） / bucket ${bucket} would not keep evidence write-once (${why}). Provision it with scripts/s3/provision-bucket.sh (Object Lock, default COMPLIANCE retention), or set OBJECT_STORE_MODE=dev-non-worm for development only.`,
    );
    this.name = 'NotWormError';
  }
}

/** The store did not lock a version it confirmed: it must not be recorded as stored. */
export class RetentionNotAppliedError extends Error {
  constructor(
    readonly key: string,
    readonly found: { mode?: string | undefined; retainUntilDate?: string | undefined } | null,
  ) {
    super(`retention of ${key} read back as ${JSON.stringify(found)}`);
    this.name = 'RetentionNotAppliedError';
  }
}

/** The lock configuration verified at start, as /readyz reports it. */
export interface VerifiedLock {
  mode: string;
  defaultDays: number;
  retainUntilCap: string;
}

// minio's putObject renames x-amz-object-lock-* headers to user metadata; its upload helpers
// send headers as given, which is how a per-version retain-until date reaches the store.
interface RawUploads {
  uploadBuffer(
    bucket: string,
    key: string,
    headers: Record<string, string>,
    body: Buffer,
  ): Promise<{ etag: string; versionId: string | null }>;
  initiateNewMultipartUpload(bucket: string, key: string, headers: Record<string, string>): Promise<string>;
  completeMultipartUpload(
    bucket: string,
    key: string,
    uploadId: string,
    etags: { part: number; etag: string }[],
  ): Promise<{ etag: string; versionId: string | null }>;
  makeRequestStreamAsync(
    options: {
      method: string;
      bucketName: string;
      objectName: string;
      query: string;
      headers: Record<string, string | number>;
    },
    body: Buffer,
    sha256sum: string,
    statusCodes: number[],
    region: string,
  ): Promise<IncomingMessage>;
  /** Whether requests carry their payload's SHA-256 (plain HTTP) rather than UNSIGNED-PAYLOAD (TLS). */
  enableSHA256: boolean;
}

/** What one part's request is sent with: Content-MD5 (base64) and x-amz-content-sha256 (hex). */
export interface PartSums {
  md5: string;
  sha256: string;
}

/** A version the store confirmed (and, on a WORM store, whose retention was read back). */
export interface StoredVersion {
  versionId: string | null;
  etag: string;
  retainUntil: string | null;
}

/**
 * The evidence bucket, used with the service's least-privilege key: the bucket
 * is created, locked and given its policy by an administrator
 * (scripts/s3/provision-bucket.sh); this key can write and read versions but
 * not delete them or change any lock (R-EV-3). There is deliberately no delete method.
 */
export class ObjectStore {
  readonly client: Client;
  readonly bucket: string;
  worm = false;
  lock: VerifiedLock | null = null;
  /** Set at start when the key has rights it must not have (see privilegeProblem). */
  privilegeWarning: string | null = null;

  constructor(private readonly o: ObjectStoreOptions) {
    const u = new URL(o.endpoint);
    this.client = new Client({
      endPoint: u.hostname,
      port: Number(u.port || (u.protocol === 'https:' ? 443 : 80)),
      useSSL: u.protocol === 'https:',
      accessKey: o.accessKey,
      secretKey: o.secretKey,
      pathStyle: true,
      region: 'us-east-1',
      partSize: o.partSizeBytes,
      transport: transportWithAnswerDeadline(u.protocol === 'https:', this.answerDeadlineMs),
    });
    this.bucket = o.bucket;
  }

  /**
   * Verifies the bucket keeps evidence write-once: Object Lock enabled, default
   * retention COMPLIANCE, and a default period whose end the store can represent.
   * Refuses otherwise, unless in dev mode (where a missing bucket is created plain).
   */
  async ensureBucket(now = new Date()): Promise<void> {
    const why = await this.lockProblem(now);
    if (!why) {
      this.worm = true;
      return;
    }
    this.worm = false;
    this.lock = null;
    if (this.o.mode !== 'dev-non-worm') throw new NotWormError(this.bucket, why);
    if (!(await this.client.bucketExists(this.bucket)))
      await this.client.makeBucket(this.bucket, 'us-east-1');
  }

  /** What is wrong with the bucket's lock configuration, or null; also records what was verified. */
  async lockProblem(now = new Date()): Promise<string | null> {
    let lock: { objectLockEnabled?: string; mode?: string; unit?: string; validity?: number } | undefined;
    try {
      if (!(await this.client.bucketExists(this.bucket))) return '桶不存在 / the bucket does not exist';
      lock = (await this.client.getObjectLockConfig(this.bucket)) as unknown as typeof lock;
    } catch (e) {
      if (/ECONNREFUSED|ECONNRESET|ETIMEDOUT|socket hang up/i.test(String((e as Error).message))) throw e;
      return `无法读取对象锁定配置 / its Object Lock configuration cannot be read: ${(e as Error).message}`;
    }
    if (lock?.objectLockEnabled !== 'Enabled') return '未启用对象锁定 / Object Lock is not enabled';
    if (lock.mode !== 'COMPLIANCE')
      return `默认保留模式为 ${lock.mode ?? '无'}，应为 COMPLIANCE / default retention is ${lock.mode ?? 'none'}, not COMPLIANCE`;
    const days = defaultPeriodDays(lock);
    if (!days) return '没有默认保留期限 / no default retention period';
    if (now.getTime() + days * 86_400_000 > this.o.retainUntilMax.getTime())
      return `默认保留期 ${days} 天超出存储可表示的日期 / the default period of ${days} days ends after ${this.o.retainUntilMax.toISOString()}, which the store would wrap to an early date`;
    this.lock = { mode: lock.mode, defaultDays: days, retainUntilCap: this.o.retainUntilMax.toISOString() };
    return null;
  }

  /**
   * Whether this key has rights it must not have (R-EV-3): it asks to delete a
   * version of a key that does not exist, which changes nothing even when
   * (wrongly) allowed, and must be AccessDenied for a least-privilege key.
   * Returns what is wrong, or null. The bucket's policy and lock cannot be
   * probed as safely (a permitted write would change them), so only this is.
   */
  async privilegeProblem(): Promise<string | null> {
    try {
      await this.client.removeObject(this.bucket, `.jir-privilege-probe/${randomUUID()}`, {
        versionId: randomUUID().replace(/-/g, ''),
      });
    } catch (e) {
      if ((e as { code?: string }).code === 'AccessDenied') return null;
      if (/ECONNREFUSED|ECONNRESET|ETIMEDOUT|socket hang up/i.test(String((e as Error).message))) throw e;
    }
    return '存储密钥可删除对象版本，并非最小权限，请改用仅能写入和读取的密钥 / the store key may delete object versions: it is not least-privilege; use a key that can only write and read (scripts/s3/provision-bucket.sh)';
  }

  /** The retain-until date a version written now gets. */
  retainUntil(now: Date): Date {
    return retainUntilFor(now, this.o.retentionYears, this.o.retainUntilMax);
  }

  /**
   * Stores a whole object from one buffer (a file no larger than a part); resolves with its
   * version once the store has confirmed it AND (on a WORM store) the version's retention
   * has been read back as COMPLIANCE in the future. The single request carries an explicit
   * retain-until date; radosgw ignores lock headers on multipart uploads, so those versions
   * ({@link beginParts}) get the bucket's default, verified at start.
   */
  async putBuffer(key: string, body: Buffer, mediaType: string, now = new Date()): Promise<StoredVersion> {
    const raw = this.client as unknown as RawUploads;
    return this.confirmed(
      key,
      await raw.uploadBuffer(this.bucket, key, this.writeHeaders(mediaType, now), body),
    );
  }

  /** How long a store request may go unanswered, and a read the service keeps pace with may go without a byte. */
  get answerDeadlineMs(): number {
    return this.o.requestTimeoutMs ?? 60_000;
  }

  /** The part size uploads are cut into. */
  get partSize(): number {
    return this.o.partSizeBytes;
  }

  /**
   * Opens a multipart upload for a key; its parts are sent with {@link putPart} (in any order,
   * several at once) and it is finished with {@link completeParts}. An upload that is never
   * completed is left for the caller to abort (store/abandoned-uploads.ts).
   */
  async beginParts(key: string, mediaType: string, now = new Date()): Promise<string> {
    const raw = this.client as unknown as RawUploads;
    return raw.initiateNewMultipartUpload(this.bucket, key, this.writeHeaders(mediaType, now));
  }

  /**
   * Sends one part with the sums the caller computed (off the main thread): the store checks
   * the bytes against both, so a part damaged on the way is refused, not kept. Resolves with its ETag.
   */
  async putPart(
    key: string,
    uploadId: string,
    partNumber: number,
    body: Buffer,
    sums: PartSums,
  ): Promise<string> {
    const raw = this.client as unknown as RawUploads;
    const res = await raw.makeRequestStreamAsync(
      {
        method: 'PUT',
        bucketName: this.bucket,
        objectName: key,
        query: `partNumber=${partNumber}&uploadId=${encodeURIComponent(uploadId)}`,
        headers: { 'Content-Length': body.length, 'Content-MD5': sums.md5 },
      },
      body,
      raw.enableSHA256 ? sums.sha256 : '',
      [200],
      '',
    );
    res.resume();
    await new Promise<void>((resolve, reject) => res.once('end', resolve).once('error', reject));
    return String(res.headers.etag ?? '').replace(/^"|"$/g, '');
  }

  /** Joins the parts (numbered from 1, in order) into the object, then confirms it as {@link putBuffer} does. */
  async completeParts(key: string, uploadId: string, etags: string[]): Promise<StoredVersion> {
    const raw = this.client as unknown as RawUploads;
    const r = await raw.completeMultipartUpload(
      this.bucket,
      key,
      uploadId,
      etags.map((etag, i) => ({ part: i + 1, etag })),
    );
    return this.confirmed(key, r);
  }

  private writeHeaders(mediaType: string, now: Date): Record<string, string> {
    const headers: Record<string, string> = { 'Content-Type': mediaType };
    if (this.worm) {
      headers['x-amz-object-lock-mode'] = 'COMPLIANCE';
      headers['x-amz-object-lock-retain-until-date'] = this.retainUntil(now).toISOString();
    }
    return headers;
  }

  /** The version the store confirmed, once (on a WORM store) its retention reads back as COMPLIANCE in the future. */
  private async confirmed(
    key: string,
    r: { etag: string; versionId?: string | null },
  ): Promise<StoredVersion> {
    const versionId = r.versionId ?? null;
    if (!this.worm) return { versionId, etag: r.etag, retainUntil: null };
    const found = versionId
      ? ((await this.client.getObjectRetention(this.bucket, key, { versionId }).catch((e: unknown) => {
          // A store that did not answer says nothing of the lock: unavailable (503), not unlocked.
          if (isStoreDown(e)) throw e;
          return null;
        })) ?? null)
      : null;
    const until = found?.retainUntilDate ? Date.parse(found.retainUntilDate) : NaN;
    if (found?.mode !== 'COMPLIANCE' || !(until > Date.now())) throw new RetentionNotAppliedError(key, found);
    return { versionId, etag: r.etag, retainUntil: new Date(until).toISOString() };
  }

  /** The stored version (never whatever is latest at the key), or a range of it. */
  async get(
    key: string,
    versionId: string | null,
    range?: { offset: number; length: number },
  ): Promise<Readable> {
    const opts = versionId ? { versionId } : {};
    return range
      ? this.client.getPartialObject(this.bucket, key, range.offset, range.length, opts)
      : this.client.getObject(this.bucket, key, opts);
  }

  async ping(): Promise<void> {
    await this.client.bucketExists(this.bucket);
  }

  /**
   * Open multipart uploads whose keys begin with `prefix` (ListMultipartUploads, page by page).
   * Not minio's listIncompleteUploads: it also lists each upload's parts, which radosgw refuses
   * to any key but the upload's initiator.
   */
  async openUploads(prefix: string): Promise<OpenUpload[]> {
    const out: OpenUpload[] = [];
    let keyMarker = '';
    let uploadIdMarker = '';
    for (;;) {
      const page = await this.client.listIncompleteUploadsQuery(
        this.bucket,
        prefix,
        keyMarker,
        uploadIdMarker,
        '',
      );
      for (const u of page.uploads) out.push({ key: u.key, uploadId: u.uploadId, initiated: u.initiated });
      if (!page.isTruncated) return out;
      keyMarker = page.nextKeyMarker;
      uploadIdMarker = page.nextUploadIdMarker;
    }
  }

  async abortUpload(key: string, uploadId: string): Promise<void> {
    await this.client.abortMultipartUpload(this.bucket, key, uploadId);
  }
}
