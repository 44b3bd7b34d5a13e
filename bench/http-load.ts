// The load generator of the HTTP benchmarks, run as its own process so that
// its CPU is not the measuring process's: autocannon POSTing a body in which
// every `{n}` becomes a number unique within the run (a new case number per
// record, for instance). Prints autocannon's result as one JSON line.
//
//   node --import tsx bench/http-load.ts '<json: url, headers, body, connections, seconds, rate?, first?>'
import autocannon from 'autocannon';

interface LoadSpec {
  url: string;
  headers: Record<string, string>;
  /** The body, `{n}` replaced by a running number. */
  body: string;
  connections: number;
  seconds: number;
  /** Requests per second over all connections; none: as fast as answers come. */
  rate?: number;
  /** The first running number. */
  first?: number;
}

const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec;
let n = spec.first ?? 0;
const cpu0 = process.cpuUsage();
const result = await autocannon({
  url: spec.url,
  connections: spec.connections,
  duration: spec.seconds,
  ...(spec.rate ? { overallRate: spec.rate } : {}),
  requests: [
    {
      method: 'POST',
      headers: spec.headers,
      setupRequest: (req) => ({ ...req, body: spec.body.replaceAll('{n}', String(n++)) }),
    },
  ],
});
const cpu = process.cpuUsage(cpu0);
process.stdout.write(
  `${JSON.stringify({ ...result, sent: n - (spec.first ?? 0), generatorCpuMs: (cpu.user + cpu.system) / 1000 })}\n`,
);
