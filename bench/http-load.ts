// The load generator of the HTTP benchmarks, run as its own process so that
// its CPU is not the measuring process's: autocannon POSTing a body in which
// every `{n}` becomes a number unique within the run (a new case number per
// record, for instance). Prints autocannon's result as one JSON line.
//
// Several URLs (instances of one service) share the connections and the rate
// evenly, as a balancer would spread them: one autocannon per URL, all in
// this process, their counts summed and each latency figure the worst of them.
//
//   node --import tsx bench/http-load.ts '<json: urls, headers, body, connections, seconds, rate?, first?>'
import autocannon from 'autocannon';

interface LoadSpec {
  urls: string[];
  headers: Record<string, string>;
  /** The body, `{n}` replaced by a running number. */
  body: string;
  /** Over all URLs. */
  connections: number;
  seconds: number;
  /** Requests per second over all connections and URLs; none: as fast as answers come. */
  rate?: number;
  /** The first running number. */
  first?: number;
}

const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec;
let n = spec.first ?? 0;
const share = (total: number, i: number) =>
  Math.floor(total / spec.urls.length) + (i < total % spec.urls.length ? 1 : 0);
const cpu0 = process.cpuUsage();
const results = await Promise.all(
  spec.urls.map((url, i) =>
    autocannon({
      url,
      connections: share(spec.connections, i),
      duration: spec.seconds,
      ...(spec.rate ? { overallRate: spec.rate / spec.urls.length } : {}),
      requests: [
        {
          method: 'POST',
          headers: spec.headers,
          setupRequest: (req) => ({ ...req, body: spec.body.replaceAll('{n}', String(n++)) }),
        },
      ],
    }),
  ),
);
const cpu = process.cpuUsage(cpu0);
const sum = (f: (r: autocannon.Result) => number) => results.reduce((s, r) => s + f(r), 0);
const worst = (f: (r: autocannon.Result) => number) => Math.max(...results.map(f));
process.stdout.write(
  `${JSON.stringify({
    '2xx': sum((r) => r['2xx']),
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    duration: worst((r) => r.duration),
    latency: {
      p50: worst((r) => r.latency.p50),
      p97_5: worst((r) => r.latency.p97_5),
      p99: worst((r) => r.latency.p99),
    },
    sent: n - (spec.first ?? 0),
    generatorCpuMs: (cpu.user + cpu.system) / 1000,
  })}\n`,
);
