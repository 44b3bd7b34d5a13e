import type { Logger } from '../logger.js';

/**
 * What a starting service has acquired, released in reverse order: on a
 * failed start (as graphile-worker's run() does) and on close. Each release
 * runs even if an earlier one failed; release() runs once however often called.
 */
export class ReleaseStack {
  private readonly steps: { name: string; release: () => Promise<unknown> | unknown }[] = [];
  private releasing: Promise<void> | undefined;

  constructor(private readonly log: Logger) {}

  /** Records something acquired and how to let it go. */
  push(name: string, release: () => Promise<unknown> | unknown): void {
    this.steps.push({ name, release });
  }

  /** Names of what is held, oldest first. */
  get held(): string[] {
    return this.steps.map((s) => s.name);
  }

  /** Releases everything, newest first. */
  release(): Promise<void> {
    return (this.releasing ??= (async () => {
      for (const { name, release } of [...this.steps].reverse()) {
        try {
          await release();
        } catch (e) {
          this.log.warn({ step: name, err: (e as Error).message }, 'release step failed');
        }
      }
    })());
  }
}
