// Runs the migrations and exits: `npm run migrate -w @jir/intake`.
import { runMigrationsCommand } from '@jir/service-kit';
import { loadConfig } from './config.js';
import { intakeMigrations } from './db/migrations/index.js';

await runMigrationsCommand(loadConfig(), intakeMigrations);
