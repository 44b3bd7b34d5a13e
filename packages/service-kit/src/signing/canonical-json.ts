/**
 * JSON with object keys sorted at every level, no whitespace, and undefined
 * members left out, so that the same value always hashes and signs the same,
 * whoever serialises it: jsonb reorders keys, a peer court re-serialises what
 * it received. For the values hashed here (strings, integers, booleans, null,
 * arrays and objects) this agrees with RFC 8785; that standard's number rules
 * are what a library would add, and no hashed value holds a fraction.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  // undefined where JSON has a value (an array item, the whole value) is null, as JSON.stringify writes it.
  return JSON.stringify(value ?? null);
}
