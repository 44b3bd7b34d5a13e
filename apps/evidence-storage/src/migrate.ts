// Runs the migrations and exits: `npm run migrate -w @jir/evidence-storage`.
import { runMigrationsCommand } from '@jir/service-kit';
import { loadConfig } from './config.js';
import { evidenceMigrations } from './db/migrations/index.js';

await runMigrationsCommand(loadConfig(), evidenceMigrations);
