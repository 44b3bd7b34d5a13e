import type { Readable } from 'node:stream';
import { Client } from 'minio';

export interface ObjectStoreOptions {
  endpoint: string;
  accessKey: string;
  secretKey: string;
  bucket: string;
  partSizeBytes: number;
  retentionYears: number;
  mode: 'worm' | 'dev-non-worm';
}

/** Thrown at start when the store cannot keep evidence write-once and that was not explicitly accepted. */
export class NotWormError extends Error {
  constructor(bucket: string) {
    super(
      `对象存储桶 ${bucket} 未启用对象锁定，不能保证证据永久不可篡改 / bucket ${bucket} has no Object Lock: evidence would not be write-once. Use a store with Object Lock, or set OBJECT_STORE_MODE=dev-non-worm for development only.`,
    );
    this.name = 'NotWormError';
  }
}

/**
 * The evidence bucket: created with Object Lock and a default COMPLIANCE
 * retention, so every version is locked the moment it is written (R-EV-3).
 * There is deliberately no delete method.
 */
export class ObjectStore {
  readonly client: Client;
  readonly bucket: string;
  worm = false;

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
    });
    this.bucket = o.bucket;
  }

  /** Creates the bucket with Object Lock if missing; refuses a non-WORM bucket unless in dev mode. */
  async ensureBucket(): Promise<void> {
    if (!(await this.client.bucketExists(this.bucket))) {
      try {
        await this.client.makeBucket(this.bucket, 'us-east-1', { ObjectLocking: true });
      } catch (e) {
        if (!/BucketAlreadyOwnedByYou|BucketAlreadyExists/.test((e as Error).message)) throw e;
      }
    }
    try {
      const lock = (await this.client.getObjectLockConfig(this.bucket)) as unknown as
        { objectLockEnabled?: string } | undefined;
      this.worm = lock?.objectLockEnabled === 'Enabled';
    } catch {
      this.worm = false;
    }
    if (this.worm) {
      await this.client.setObjectLockConfig(this.bucket, {
        mode: 'COMPLIANCE',
        unit: 'Years',
        validity: this.o.retentionYears,
      });
    } else if (this.o.mode !== 'dev-non-worm') throw new NotWormError(this.bucket);
  }

  /** Streams an object of known size; resolves with its version once the store has confirmed it. */
  async put(
    key: string,
    body: Readable,
    size: number,
    mediaType: string,
  ): Promise<{ versionId: string | null; etag: string }> {
    const r = await this.client.putObject(this.bucket, key, body, size, { 'Content-Type': mediaType });
    return { versionId: r.versionId ?? null, etag: r.etag };
  }

  async get(key: string, range?: { offset: number; length: number }): Promise<Readable> {
    return range
      ? this.client.getPartialObject(this.bucket, key, range.offset, range.length)
      : this.client.getObject(this.bucket, key);
  }

  async stat(key: string) {
    return this.client.statObject(this.bucket, key);
  }

  async ping(): Promise<void> {
    await this.client.bucketExists(this.bucket);
  }
}
