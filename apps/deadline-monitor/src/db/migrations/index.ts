import type { Migration } from 'kysely';
import { obligations } from './2026-12-05T10-00-obligations.js';

/** The deadline monitor's migrations, by name. Never edit one that has landed: add a new one. */
export const deadlineMigrations: Record<string, Migration> = {
  '2026-12-05T10-00-obligations': obligations,
};
