import type { Migration } from 'kysely';
import { evidence } from './2026-11-28T14-00-evidence.js';

/** The evidence service's migrations, by name. Never edit one that has landed: add a new one. */
export const evidenceMigrations: Record<string, Migration> = {
  '2026-11-28T14-00-evidence': evidence,
};
