// Runs the migrations and exits: `npm run migrate -w @jir/intake`.
import { createDatabase, createLogger, ensureDatabase, migrateToLatest } from '@jir/service-kit';
import { loadConfig } from './config.js';
import { intakeMigrations } from './db/migrations/index.js';

const config = loadConfig();
const logger = createLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL });
await ensureDatabase(config.DATABASE_URL);
const d = createDatabase(config.DATABASE_URL, { max: 1 });
const applied = await migrateToLatest(d.db, intakeMigrations, logger);
logger.info({ applied: applied.length }, 'migrations done');
await d.close();
