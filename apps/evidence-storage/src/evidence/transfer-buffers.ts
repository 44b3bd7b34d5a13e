import { BufferPool } from './buffer-pool.js';

/**
 * Parts sent to the store at once per upload. One part in flight leaves the link idle while
 * the store answers and while the next part is hashed; two keep it busy (R-NF-3).
 */
export const PARTS_IN_FLIGHT = 2;

/** Part buffers one upload holds at most: those in flight and the one filling. */
export const PARTS_PER_UPLOAD = PARTS_IN_FLIGHT + 1;

/** Bytes of a download handed to the digest threads at once. */
export const SEGMENT_BYTES = 4 * 1024 * 1024;

/** Segments one download holds at most: up to three being hashed and the one filling. */
export const SEGMENTS_PER_DOWNLOAD = 4;

/** Uploads streamed at once unless configured (MAX_CONCURRENT_UPLOADS): see TransferBuffers for why eight. */
export const DEFAULT_UPLOAD_SLOTS = 8;

/** MiB all downloads share for their segments unless configured (DOWNLOAD_BUFFER_MB): sixteen segments. */
export const DEFAULT_DOWNLOAD_BUFFER_MB = 64;

export interface TransferBufferOptions {
  /** The store's part size in bytes (S3_PART_SIZE_MB). */
  partSize: number;
  /** Uploads streamed at once (MAX_CONCURRENT_UPLOADS): more are refused 503 before any buffer. */
  uploadSlots: number;
  /** Bytes all downloads share for their segments (DOWNLOAD_BUFFER_MB); at least one segment. */
  downloadBytes: number;
}

/**
 * Every buffer uploads and downloads hold, in two capped pools. The hard bound on their
 * memory, whatever the number of clients:
 *
 *   uploadSlots × PARTS_PER_UPLOAD × partSize  +  ⌊downloadBytes / SEGMENT_BYTES⌋ × SEGMENT_BYTES
 *
 * With the defaults, 8 × 3 × 16 MiB + 64 MiB = 448 MiB, under half of the 1 GiB pod limit in
 * deploy/k8s/evidence-storage.yaml: the rest (V8 heap, the two hashing threads' isolates, the
 * sockets' buffers; about 150 MiB seen under the benchmark) has over 500 MiB. The pod asks for
 * 640 MiB, buffers and process, so that a node is not overcommitted under load (a test in
 * test/system/deploy-manifests.test.ts keeps the two in step). Sixteen slots
 * would make the parts alone 768 MiB, too close to the limit; fewer parts per upload would
 * cost each upload the throughput of R-NF-3, while eight uploads already share one link to
 * the store, so the default slot count halved instead.
 *
 * The part pool holds exactly what the slots admit; it still waits rather than exceed that,
 * because a failed upload's slot is free as soon as its client is answered or gone while its
 * parts may still be on their way to the store. Downloads have no slots: beyond the segment
 * budget they wait for a segment (a slow client holds the one it is filling).
 */
export class TransferBuffers {
  /** Part buffers of uploads, `partSize` bytes each. */
  readonly parts: BufferPool;
  /** Hashing segments of whole-file downloads, SEGMENT_BYTES each. */
  readonly segments: BufferPool;
  readonly uploadSlots: number;

  constructor(o: TransferBufferOptions) {
    this.uploadSlots = o.uploadSlots;
    this.parts = new BufferPool(o.partSize, o.uploadSlots * PARTS_PER_UPLOAD);
    this.segments = new BufferPool(SEGMENT_BYTES, Math.max(1, Math.floor(o.downloadBytes / SEGMENT_BYTES)));
  }

  /** The most bytes the two pools can ever hold together (see the class comment). */
  get bound(): number {
    return this.parts.capacity * this.parts.size + this.segments.capacity * this.segments.size;
  }
}
