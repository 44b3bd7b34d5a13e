import { readFileSync } from 'node:fs';
import { CourtHierarchy, DEFAULT_COURTS, courtConfigSchema } from '@jir/rules';

/**
 * The court hierarchy a service works with: COURT_CONFIG (a JSON file path,
 * or the JSON itself when it starts with `{`), else the Changchun default.
 * Throws at start, naming the problem, when the configuration is not valid.
 */
export function courtsFromConfig(c: { COURT_CONFIG?: string | undefined }): CourtHierarchy {
  const v = c.COURT_CONFIG?.trim();
  if (!v) return DEFAULT_COURTS;
  const text = v.startsWith('{') ? v : readFileSync(v, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`COURT_CONFIG is not valid JSON: ${(e as Error).message}`, { cause: e });
  }
  return new CourtHierarchy(courtConfigSchema.parse(json));
}
