import { createLogger } from '../logger.js';
import { createShutdown } from './shutdown.js';
import { startService, type BaseConfig, type ServiceParts, type ServiceSpec } from './start-service.js';

/**
 * A service's main: startService, then a graceful shutdown on the first
 * SIGTERM or SIGINT (HTTP drains within half of SHUTDOWN_TIMEOUT_MS, then
 * jobs, consumers, relay, bus, database, resources; the whole bounded by
 * SHUTDOWN_TIMEOUT_MS; a second signal exits at once). A failed start has
 * released what it acquired and rejects, so the process exits non-zero.
 */
export async function runService<
  DB,
  R = Record<never, never>,
  C extends BaseConfig = BaseConfig,
  P extends ServiceParts<DB> = ServiceParts<DB>,
>(spec: ServiceSpec<DB, R, C, P>): Promise<void> {
  const logger =
    spec.overrides?.logger ??
    createLogger({ service: spec.config.SERVICE_NAME, level: spec.config.LOG_LEVEL });
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection'));
  const service = await startService({ ...spec, overrides: { ...spec.overrides, logger } });
  const shutdown = createShutdown({ logger, timeoutMs: spec.config.SHUTDOWN_TIMEOUT_MS });
  shutdown.add('service', () => service.close());
  shutdown.installSignalHandlers();
}
