import type { Logger } from '../logger.js';

export interface Shutdown {
  /** Adds a step; steps run in the order added (HTTP, consumers, relay, bus, database, logs). */
  add(name: string, step: () => Promise<unknown> | unknown): void;
  /** Runs every step once, each even if an earlier one failed; bounded by the timeout. */
  run(reason: string): Promise<void>;
  /** Runs on SIGTERM and SIGINT, then exits; a second signal or the timeout forces the exit. */
  installSignalHandlers(): void;
}

export function createShutdown(opts: {
  logger: Logger;
  timeoutMs: number;
  exit?: (code: number) => void;
}): Shutdown {
  const steps: { name: string; step: () => Promise<unknown> | unknown }[] = [];
  const log = opts.logger.child({ module: 'shutdown' });
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  let running: Promise<void> | undefined;

  const run = (reason: string) =>
    (running ??= (async () => {
      log.info({ reason }, 'shutting down');
      const timer = setTimeout(() => {
        log.error({ timeoutMs: opts.timeoutMs }, 'shutdown timed out; forcing exit');
        exit(1);
      }, opts.timeoutMs);
      timer.unref();
      for (const { name, step } of steps) {
        try {
          await step();
        } catch (e) {
          log.warn({ step: name, err: (e as Error).message }, 'shutdown step failed');
        }
      }
      clearTimeout(timer);
      log.info('shut down');
      log.flush?.();
    })());

  return {
    add: (name, step) => void steps.push({ name, step }),
    run,
    installSignalHandlers() {
      const onSignal = (signal: NodeJS.Signals) => {
        if (running) {
          log.warn({ signal }, 'second signal; exiting now');
          exit(1);
          return;
        }
        void run(signal).then(() => exit(0));
      };
      process.on('SIGTERM', onSignal);
      process.on('SIGINT', onSignal);
    },
  };
}
