/**
 * Splits a list into rounds holding at most one item per key, each key's items
 * in their original order (the first round takes each key's first item, the
 * second each key's second, ...). A set-based write that may change a row
 * once per statement (an upsert) then applies one round per statement and
 * still sees a key's items one after another.
 */
export function roundsByKey<T>(items: readonly T[], keyOf: (item: T) => string): T[][] {
  const rounds: T[][] = [];
  const seen = new Map<string, number>();
  for (const item of items) {
    const key = keyOf(item);
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    (rounds[n] ??= []).push(item);
  }
  return rounds;
}
