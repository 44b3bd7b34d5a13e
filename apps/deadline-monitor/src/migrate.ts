// Runs the migrations and exits: `npm run migrate -w @jir/deadline-monitor`.
import { runMigrationsCommand } from '@jir/service-kit';
import { loadConfig } from './config.js';
import { deadlineMigrations } from './db/migrations/index.js';

await runMigrationsCommand(loadConfig(), deadlineMigrations);
