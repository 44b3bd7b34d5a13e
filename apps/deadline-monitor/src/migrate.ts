// Runs the migrations and exits: `npm run migrate -w @jir/deadline-monitor`.
import { runMigrationsCommand } from '@jir/service-kit';
import { loadConfig } from './config.js';
import { deadlineMigrations } from './db/migrations/index.js';

const config = loadConfig();
await runMigrationsCommand({
  service: config.SERVICE_NAME,
  databaseUrl: config.DATABASE_URL,
  logLevel: config.LOG_LEVEL,
  migrations: deadlineMigrations,
});
