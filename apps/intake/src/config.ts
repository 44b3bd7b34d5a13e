import { z } from 'zod';
import { baseConfigSchema, parseConfig } from '@jir/service-kit';

const schema = baseConfigSchema('intake', 3001).extend({
  /** Hours within which a severe record must be escalated (R-DL-4). */
  SEVERE_ESCALATION_HOURS: z.coerce.number().positive().default(24),
  /** Share of each quarter's records drawn for verification by a second person (R-BX-3). */
  SAMPLE_SHARE: z.coerce.number().gt(0).max(1).default(0.1),
});
export type IntakeConfig = z.output<typeof schema>;

/** The only reader of the environment in this service. */
export function loadConfig(env: Record<string, string | undefined> = process.env): IntakeConfig {
  return parseConfig(schema, env);
}
