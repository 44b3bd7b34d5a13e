// CPU time of other processes, read from /proc: the same user + system time
// that `process.cpuUsage()` would report inside them (getrusage of the whole
// process, every thread), so a benchmark can charge a service's CPU per
// request without changing the service.
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { readFileSync } from 'node:fs';

const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** User + system CPU milliseconds of a process so far (0 once it is gone). */
export function cpuMs(pid: number): number {
  try {
    // Fields after the command name (which may hold spaces) start at field 3; utime and stime are 14 and 15.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  } catch {
    return 0;
  }
}

/** CPU milliseconds of each of several processes now. */
export const cpuSnapshot = (pids: readonly number[]) => new Map(pids.map((pid) => [pid, cpuMs(pid)]));

/** CPU milliseconds the processes of a snapshot used since, counting those still running. */
export function cpuMsSince(snapshot: ReadonlyMap<number, number>): number {
  let sum = 0;
  for (const [pid, before] of snapshot) {
    const now = cpuMs(pid);
    if (now > 0) sum += now - before;
  }
  return sum;
}

/** What the machine is and how busy it is now: cores, model, load average. */
export function machineLine(): string {
  const c = cpus();
  const l = loadavg().map((x) => x.toFixed(2));
  return `${c.length} cores (${c[0]?.model.trim() ?? 'unknown'}), load average ${l.join(' / ')} (1/5/15 min)`;
}
