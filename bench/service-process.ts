// A service of the benchmarks: its built entry point (dist/main.js) in a
// process of its own, as a deployment runs it, with the environment a
// benchmark gives it, and a V8 CPU profile when BENCH_CPU_PROF names a
// folder. Resolves once its /readyz answers; the process is killed when the
// benchmark exits, so a failing run leaves no service behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort, waitFor } from '@jir/testing';

export interface ServiceProcess {
  proc: ChildProcess;
  base: string;
}

/**
 * Starts `main` with `env` on a free port. Its stderr is piped into ours rather
 * than inherited: a caller piping our output must not wait for the service.
 */
export async function startServiceProcess(
  main: string,
  env: Record<string, string>,
  what = main,
): Promise<ServiceProcess> {
  const port = await freePort();
  const profile = process.env['BENCH_CPU_PROF'];
  const proc = spawn(
    process.execPath,
    [...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []), main],
    {
      env: { ...process.env, LOG_LEVEL: 'warn', ...env, PORT: String(port) },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  proc.stderr!.on('data', (d: Buffer) => process.stderr.write(d));
  process.on('exit', () => proc.kill('SIGKILL'));
  const base = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${base}/readyz`).catch(() => undefined))?.ok || undefined, {
    // Generous: on a loaded shared machine a start (migrations, streams) can take a minute.
    timeoutMs: 180_000,
    what: `${what} ready`,
  });
  return { proc, base };
}

/** Stops a service as a deployment would (SIGTERM) and waits for it to exit. */
export function stopServiceProcess({ proc }: ServiceProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  proc.kill('SIGTERM');
  return new Promise((r) => proc.once('exit', () => r()));
}
