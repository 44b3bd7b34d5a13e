/**
 * Polls until `check` returns a value other than undefined/false, or throws
 * after the timeout with the last error: for waiting on an event's effect
 * without fixed sleeps.
 */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  opts: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
  let last: unknown;
  for (
    let interval = Math.min(opts.intervalMs ?? 10, 10);
    ;
    interval = Math.min(interval * 2, opts.intervalMs ?? 200)
  ) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v as T;
      last = undefined;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out waiting for ${opts.what ?? 'condition'}${last ? `: ${(last as Error).message}` : ''}`,
      );
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}
