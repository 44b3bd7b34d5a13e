import { randomBytes } from 'node:crypto';

/** A name no other test (file, worker or run) uses: for databases, streams, buckets, namespaces. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid.toString(36)}-${randomBytes(4).toString('hex')}`.toLowerCase();
}
