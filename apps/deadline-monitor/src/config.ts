import { z } from 'zod';
import { DEFAULT_SEVERE_ESCALATION_HOURS, PERIOD_DAYS } from '@jir/rules';
import { baseConfigSchema, parseConfig } from '@jir/service-kit';

const workingDays = z.coerce.number().int().min(0).max(30).default(1);

const schema = baseConfigSchema('deadline-monitor', 3003).extend({
  /** "Immediately" for a severe record's escalation (R-DL-4). */
  SEVERE_ESCALATION_HOURS: z.coerce.number().positive().max(720).default(DEFAULT_SEVERE_ESCALATION_HOURS),
  /**
   * Days after a quarter's end for the report to the political-legal committee: Art 8 says only
   * "once a quarter", so the default is the quarterly report's own 10 days (README).
   */
  COMMITTEE_REPORT_DAYS: z.coerce.number().int().min(1).max(90).default(PERIOD_DAYS['quarterly-report']),
  /** Working days before a deadline that its reminder goes out (R-DL-5), per kind. */
  REMINDER_WORKING_DAYS_ENTRY: workingDays,
  REMINDER_WORKING_DAYS_COPY: workingDays,
  REMINDER_WORKING_DAYS_SEVERE_ESCALATION: workingDays,
  REMINDER_WORKING_DAYS_QUARTERLY_REPORT: workingDays,
  REMINDER_WORKING_DAYS_COMMITTEE_REPORT: workingDays,
  /** Milliseconds the scheduler waits when nothing is due. */
  SCHEDULER_IDLE_MS: z.coerce.number().int().min(10).max(600_000).default(1_000),
  /** Obligations per claim: each claim is one transaction. */
  SCHEDULER_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(1_000),
});
export type DeadlineConfig = z.output<typeof schema>;

/** The only reader of the environment in this service. */
export function loadConfig(env: Record<string, string | undefined> = process.env): DeadlineConfig {
  return parseConfig(schema, env);
}
