// The capped pool behind every upload part and download segment (R-NF-3): never more buffers
// than its capacity, callers beyond it wait in turn, a caller that gives up leaves the queue,
// and a buffer released twice is not handed to two callers.
import { describe, expect, it } from 'vitest';
import { BufferPool } from '../src/evidence/buffer-pool.js';

const settledYet = async (p: Promise<unknown>) =>
  Promise.race([
    p.then(
      () => 'settled',
      () => 'settled',
    ),
    new Promise((r) => setImmediate(() => r('pending'))),
  ]);

describe('buffer pool (R-NF-3)', () => {
  it('R-NF-3: hands out at most its capacity; callers beyond it wait and are served first come, first served', async () => {
    const pool = new BufferPool(16, 2);
    const a = await pool.take();
    const b = await pool.take();
    expect(a.buffer).not.toBe(b.buffer);
    expect(pool.inUse).toBe(2);
    const order: string[] = [];
    const c = pool.take().then((x) => (order.push('c'), x));
    const d = pool.take().then((x) => (order.push('d'), x));
    expect(pool.waiting).toBe(2);
    expect(await settledYet(c)).toBe('pending');
    b.release();
    expect(await settledYet(c)).toBe('settled');
    expect(await settledYet(d)).toBe('pending');
    const gotC = await c;
    // The buffer released is the one handed on: no third one was made.
    expect(gotC.buffer).toBe(b.buffer);
    a.release();
    expect((await d).buffer).toBe(a.buffer);
    expect(order).toEqual(['c', 'd']);
    expect(pool.inUse).toBe(2);
    expect(pool.waiting).toBe(0);
  });

  it('R-NF-3: a caller whose transfer ends while it waits leaves the queue with the reason, and the next one is served', async () => {
    const pool = new BufferPool(16, 1);
    const held = await pool.take();
    const gone = new AbortController();
    const first = pool.take(gone.signal);
    const second = pool.take();
    gone.abort(new Error('the client went away'));
    await expect(first).rejects.toThrow('the client went away');
    expect(pool.waiting).toBe(1);
    held.release();
    expect((await second).buffer).toBe(held.buffer);
    // Already aborted: refused at once, nothing taken.
    await expect(pool.take(AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone');
    expect(pool.inUse).toBe(1);
  });

  it('R-NF-3: releasing a buffer twice gives it back once: it is never handed to two callers', async () => {
    const pool = new BufferPool(16, 1);
    const a = await pool.take();
    a.release();
    const b = await pool.take();
    a.release();
    expect(pool.inUse).toBe(1);
    const c = pool.take();
    expect(await settledYet(c)).toBe('pending');
    b.release();
    expect((await c).buffer).toBe(b.buffer);
  });
});
