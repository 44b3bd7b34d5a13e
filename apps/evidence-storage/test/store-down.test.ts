import { describe, expect, it } from 'vitest';
import { isStoreDown } from '../src/integrity/object-check.js';

// What the integrity check and uploads take for the store being down (503 store-unavailable, no
// finding) rather than an answer about the object (a missing object is a finding, R-EV-3).
const withCode = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('isStoreDown (R-EV-3, R-NF-6)', () => {
  it('R-NF-6: refused, reset and timed-out connections, and the answers minio retries and gives up on (5xx, 429), are the store down', () => {
    for (const e of [
      withCode('ECONNREFUSED'),
      withCode('ECONNRESET', 'aborted'),
      withCode('ETIMEDOUT', 'ETIMEDOUT: the store did not answer in time (deadline 2000 ms)'),
      new Error('socket hang up'),
      // minio 8 retries a 5xx once, then throws this (node_modules/minio/dist/esm/internal/request.mjs).
      new Error('Request failed after 1 retries: Error: Retryable HTTP status: 503'),
      new Error('Request failed after 1 retries: Error: Retryable HTTP status: 500'),
      new Error('Request failed after 1 retries: Error: Retryable HTTP status: 429'),
      withCode('SlowDown', 'Please reduce your request rate.'),
    ])
      expect([e.message, isStoreDown(e)]).toEqual([e.message, true]);
  });

  it('R-EV-3: an answer about the object is not: missing key or version, refused', () => {
    for (const e of [
      withCode('NoSuchKey', 'The specified key does not exist.'),
      withCode('NoSuchVersion', 'The specified version does not exist.'),
      withCode('AccessDenied', 'Access Denied'),
      null,
    ])
      expect([String(e), isStoreDown(e)]).toEqual([String(e), false]);
  });
});
