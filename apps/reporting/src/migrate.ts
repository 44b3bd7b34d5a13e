// Runs the migrations and exits: `npm run migrate -w @jir/reporting`.
import { runMigrationsCommand } from '@jir/service-kit';
import { loadConfig } from './config.js';
import { reportingMigrations } from './db/migrations/index.js';

await runMigrationsCommand(loadConfig(), reportingMigrations);
